// Where a signature may travel in cleartext: a loopback host cannot be read or rewritten on the way. The client
// signs over http/ws only there; the mock warns when it binds elsewhere and answers control routes only there.

/**
 * Whether a URL's hostname (as `new URL(…).hostname` gives it: lower case, IPv6 in brackets) names this machine:
 * `localhost`, `*.localhost` (RFC 6761 §6.3), 127.0.0.0/8, `[::1]` and 127.0.0.0/8 mapped into IPv6.
 */
export function isLoopbackHostname(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
    hostname.startsWith('[::ffff:7f')
  );
}
