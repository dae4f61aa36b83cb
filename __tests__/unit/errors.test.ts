// oneLine: what a person reads of an error, as one line, in every front end.
import { describe, expect, it } from 'vitest';
import { oneLine } from '../../src/core/errors.js';

describe('oneLine', () => {
  it.each([
    ['a plain message', new Error('bucket "b" does not exist'), 'bucket "b" does not exist'],
    [
      'a path with a newline, which no longer hides what follows it',
      new Error('source /tmp/x\ny does not exist'),
      'source /tmp/x\\x0ay does not exist',
    ],
    ['other control characters', new Error('a\tb\rc\u001b[31md\u0085'), 'a\\x09b\\x0dc\\x1b[31md\\x85'],
    [
      "the SDK's advice to programmers after a response it could not parse",
      new Error(
        "char 'x' is not expected.:1:1\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.",
      ),
      "char 'x' is not expected.:1:1",
    ],
    ['surrounding white space', new Error('  refused \n'), 'refused'],
    ['a thrown string', 'plain', 'plain'],
    ['an empty message', new Error(''), 'unknown error'],
  ])('%s', (_what, err, line) => {
    expect(oneLine(err)).toBe(line);
  });
});
