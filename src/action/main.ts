// Placeholder until the action front end lands (issue 3).
import * as core from '@actions/core';

export async function run(): Promise<void> {
  core.setFailed('paras3 action: not implemented yet');
}
