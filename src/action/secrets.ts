// Keeping credentials out of everything the action writes. The runner hides masked values in log
// lines (core.setSecret); the summary file and messages we build are redacted here ourselves.
import * as core from '@actions/core';
import { SETTINGS } from '../config/catalog.js';
import type { Settings } from '../config/layers.js';
import { urlSecrets } from '../config/userinfo.js';
import { CREDENTIAL_INPUTS, Inputs } from './constants.js';

export class Secrets {
  private readonly values: string[] = [];

  /**
   * Masks every credential input, and the password of the CloudFront endpoint URL (input or
   * AWS_ENDPOINT_URL_CLOUDFRONT, which are no settings and so never reach maskSettings); call before
   * anything is logged.
   */
  maskInputs(env: NodeJS.ProcessEnv = process.env): void {
    for (const name of CREDENTIAL_INPUTS) this.mask(core.getInput(name));
    for (const url of [core.getInput(Inputs.CloudFrontEndpoint), env.AWS_ENDPOINT_URL_CLOUDFRONT ?? ''])
      for (const password of urlSecrets(url)) this.mask(password);
  }

  /**
   * Masks credentials and the passwords of endpoint and proxy URLs whatever layer set them (the step
   * env, an ini file, an input).
   */
  maskSettings(settings: Settings): void {
    for (const info of SETTINGS) {
      const value = settings.get(info.name)?.value;
      if (!value) continue;
      if (info.secret) this.mask(value);
      // The password of a URL alone, so the rest of the URL stays readable.
      else if (info.url) for (const password of urlSecrets(value)) this.mask(password);
    }
  }

  redact(text: string): string {
    return this.values.reduce((t, s) => t.split(s).join('***'), text);
  }

  private mask(value: string): void {
    if (value === '' || this.values.includes(value)) return;
    core.setSecret(value);
    this.values.push(value);
  }
}
