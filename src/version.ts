// Kept in step with package.json by a test (bundles should not carry the whole package.json).
export const VERSION = '1.0.0';
