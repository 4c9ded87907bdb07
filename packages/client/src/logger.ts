/** Where the client reports what it survives (failed writes, retried lists); a pino logger fits. */
export interface Logger {
  warn(obj: object, msg: string): void;
}

/** Used when the caller gives no logger: the warning still reaches stderr. */
export const consoleLogger: Logger = {
  warn: (obj, msg) => console.warn(msg, obj),
};
