// Proxy agents for the S3 client: plain HTTP requests go to the proxy with an absolute URL, HTTPS ones
// through a CONNECT tunnel; hosts matching NO_PROXY are reached directly. The proxy URL carries the
// user and password (sent as Proxy-Authorization), so it never leaves this module in any message.
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

export interface ProxyConfig {
  /** Proxy for http:// endpoints, `http(s)://[user:password@]host:port`. */
  http?: string;
  /** Proxy for https:// endpoints (CONNECT). */
  https?: string;
  /** NO_PROXY entries: `*`, host names (`example.com` also covers its subdomains), `.suffix`, IPs, CIDRs, each with an optional `:port`. */
  noProxy: string[];
}

/** Splits a NO_PROXY value (commas or spaces). */
export function parseNoProxy(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}

/** Whether a request to host:port goes around the proxy, by curl's NO_PROXY rules plus CIDRs. */
export function bypassesProxy(host: string, port: number | undefined, noProxy: readonly string[]): boolean {
  const h = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  for (const raw of noProxy) {
    if (raw === '*') return true;
    const { host: entry, port: entryPort } = splitHostPort(raw);
    if (entryPort !== undefined && port !== undefined && entryPort !== port) continue;
    if (entry.includes('/')) {
      if (inCidr(h, entry)) return true;
      continue;
    }
    const bare = entry.replace(/^\*?\./, '');
    if (h === bare || h.endsWith(`.${bare}`)) return true;
  }
  return false;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 address (several colons, no port). */
function splitHostPort(entry: string): { host: string; port?: number } {
  const bracket = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
  if (bracket) return { host: bracket[1] ?? '', port: bracket[2] ? Number(bracket[2]) : undefined };
  const m = /^([^:]*):(\d+)$/.exec(entry);
  if (m) return { host: m[1] ?? '', port: Number(m[2]) };
  return { host: entry };
}

function inCidr(host: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  const family = isIP(net ?? '');
  if (!family || isIP(host) !== family) return false;
  const type = family === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  try {
    list.addSubnet(net ?? '', Number(bits), type);
  } catch {
    return false;
  }
  return list.check(host, type);
}

interface AgentWithAddRequest {
  addRequest(req: http.ClientRequest, opts: { host?: string; port?: number | string }): void;
}

/**
 * An agent that sends each request through `proxy`, or through `direct` when its host is in NO_PROXY.
 * It extends the core agent class so the SDK's handler treats it like any other agent.
 */
function routingAgent<A extends http.Agent>(
  base: new () => A,
  proxy: http.Agent,
  direct: http.Agent,
  noProxy: readonly string[],
): A {
  const agent = new base();
  (agent as unknown as AgentWithAddRequest).addRequest = (req, opts) => {
    const port = opts.port === undefined ? undefined : Number(opts.port);
    const via = opts.host && bypassesProxy(opts.host, port, noProxy) ? direct : proxy;
    (via as unknown as AgentWithAddRequest).addRequest(req, opts);
  };
  const destroy = agent.destroy.bind(agent);
  agent.destroy = () => {
    proxy.destroy();
    direct.destroy();
    destroy();
  };
  return agent;
}

export interface ProxiedAgents {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

/**
 * Wraps the direct agents with proxies where configured. The proxy agents' packages (and the `debug`
 * module they load) are imported only here: a run without a proxy, most of them, never loads them.
 */
export async function proxiedAgents(
  config: ProxyConfig,
  direct: ProxiedAgents,
  opts: { maxSockets: number; ca?: string[] },
): Promise<ProxiedAgents> {
  let { httpAgent, httpsAgent } = direct;
  if (config.http) {
    const { HttpProxyAgent } = await import('http-proxy-agent');
    const proxy = new HttpProxyAgent(config.http, { keepAlive: true, maxSockets: opts.maxSockets });
    httpAgent = routingAgent(http.Agent, proxy, direct.httpAgent, config.noProxy);
  }
  if (config.https) {
    const { HttpsProxyAgent } = await import('https-proxy-agent');
    const proxy = new HttpsProxyAgent(config.https, { keepAlive: true, maxSockets: opts.maxSockets });
    // The tunnelled TLS connection takes its options from the agent's `options` (merged into each
    // request's by Node); the constructor resets them, so the extra CAs go in afterwards.
    if (opts.ca) Object.assign(proxy.options, { ca: opts.ca });
    httpsAgent = routingAgent(https.Agent, proxy, direct.httpsAgent, config.noProxy);
  }
  return { httpAgent, httpsAgent };
}
