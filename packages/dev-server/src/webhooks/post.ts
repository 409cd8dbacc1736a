import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { redactUrl } from "../log/log-event";

/**
 * POSTs webhook bodies over node:http(s) with keep-alive connections: a fraction of what `fetch` costs
 * per request, which matters when every finished run sends one. Redirects are not followed (a 3xx is a
 * failed attempt), and a URL with credentials is refused rather than sent as Basic auth.
 */
export class WebhookPoster {
  readonly #http = new HttpAgent({ keepAlive: true, maxSockets: 64 });
  readonly #https = new HttpsAgent({ keepAlive: true, maxSockets: 64 });

  /** Resolves with the receiver's status code once it answered (the body is discarded). */
  post(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      if (target.username || target.password) {
        throw new Error(`the webhook URL ${redactUrl(url)} includes credentials, which are never sent`);
      }
      const secure = target.protocol === "https:";
      const send = secure ? httpsRequest : httpRequest;
      const request = send(target, {
        method: "POST",
        agent: secure ? this.#https : this.#http,
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        signal,
      });
      request.once("response", (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.once("error", reject);
      request.end(body);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.#http.destroy();
    this.#https.destroy();
  }
}
