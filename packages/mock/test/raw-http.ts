import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  /** Whether the server closed the connection after answering. */
  readonly closed: boolean;
}

/**
 * Writes bytes to the server as they are (no client-side validation, unlike fetch) and reads one HTTP/1.1
 * response: complete when its content-length is in, or when the server closes the connection.
 */
export function rawRequest(port: number, bytes: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      const text = data.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) {
        if (closed) {
          done = true;
          reject(new Error(`connection closed without a response (${JSON.stringify(text)})`));
        }
        return;
      }
      const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      const body = data.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1'));
      const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
      if (!closed && (length === undefined || body.length < length)) return;
      done = true;
      socket.destroy();
      resolve({ status: Number(statusLine.split(' ')[1]), headers, text: body.toString('utf8'), closed });
    };
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (error) => {
      if (!done && data.length === 0) {
        done = true;
        reject(error);
      } else finish(true);
    });
    socket.write(bytes);
  });
}
