/**
 * The guarded download's refusals and failures as PaperErrors: node:http's error codes and HTTP statuses are
 * translated here, at the edge, into reasons a person can act on.
 */
import { describeAddress } from '../core/input/address-policy.ts';
import { PaperError, isPaperError } from '../core/errors.ts';

/**
 * A host name that does not resolve and one that resolves to an address the policy refuses get the same code and the
 * same words: different answers would let anyone map which internal names exist. `detail` (in the error's message,
 * so in logs, never shown to the user) keeps which it was.
 */
export function hostNotReachable(host: string, detail: string): PaperError {
  return new PaperError('download_failed', { reason: `${host} was not found, or is not a public server`, host, detail });
}

/** A host (or the address its name resolved to, `viaDns`) that the address policy does not allow. */
export function refusedAddress(host: string, ip: string, viaDns: boolean): PaperError {
  const kind = describeAddress(ip);
  const what =
    kind === 'public address' || kind === 'not an IP address'
      ? 'an address that is not allowed'
      : `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`;
  if (viaDns) return hostNotReachable(host, `points to ${what}`);
  // An address typed as such reveals nothing by being named.
  return new PaperError('url_refused', { reason: `${host} is ${what}`, host, addressKind: kind });
}

export function refusedScheme(url: string, redirected: boolean): PaperError {
  let scheme = url.split(':')[0] ?? '';
  if (scheme.length > 20 || !/^[a-z][a-z0-9+.-]*$/i.test(scheme)) scheme = 'another kind of';
  return new PaperError('url_refused', {
    reason: redirected
      ? `the download was redirected to a ${scheme.toLowerCase()} address; only http and https addresses are fetched`
      : 'only http and https addresses are fetched',
  });
}

const STATUS_REASONS: Record<number, string> = {
  400: 'the server rejected the request',
  401: 'the site requires a login',
  402: 'the paper is behind a paywall',
  403: 'access denied (the site may require a subscription or block automated downloads)',
  404: 'not found',
  410: 'the paper is no longer available there',
  429: 'the site is limiting how often it can be downloaded from; try again later',
  451: 'unavailable for legal reasons',
};

export function statusReason(status: number): string {
  if (STATUS_REASONS[status]) return STATUS_REASONS[status];
  if (status >= 500) return 'the server had an error';
  if (status >= 400) return 'the server refused the request';
  if (status >= 300) return 'the server answered with a redirect that could not be followed';
  return 'unexpected answer from the server';
}

/** A request's error event; a PaperError (a refusal from the guarded lookup) passes through unchanged. */
export function networkFailure(err: unknown, host: string): PaperError {
  if (isPaperError(err)) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code ?? '';
  let reason: string;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL' || code === 'ENODATA') {
    return hostNotReachable(host, `no address (${code})`);
  }
  if (code === 'ECONNREFUSED') reason = `${host} refused the connection`;
  else if (code === 'ECONNRESET' || code === 'EPIPE') reason = 'the connection was closed by the server';
  else if (code === 'ETIMEDOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') reason = `could not reach ${host}`;
  else if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) reason = `the security certificate of ${host} is not valid`;
  else if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) reason = 'the server sent an invalid HTTP answer';
  else reason = code ? `network error (${code})` : 'network error';
  return new PaperError('download_failed', { reason });
}
