// What one probe attempt found, as pkg/probe's Result: the handlers (exec, httpGet,
// tcpSocket) report it with their output; an error means the probe could not be run at all.

/** pkg/probe.Result: a Warning is a success worth an event (an HTTP probe stopped at a redirect). */
export type ProbeResult = 'Success' | 'Warning' | 'Failure' | 'Unknown';

export interface ProbeOutput {
  result: ProbeResult;
  /** The output Kubernetes puts in the event message ("HTTP probe failed with statuscode: 500"). */
  output: string;
  /** Set when the probe could not be run (bad port, runtime error): its result is thrown away. */
  error?: Error;
}

/** The outputs of handlers and results are capped as Kubernetes caps them (maxReadLength, maxRespBodyLength). */
export const MAX_OUTPUT_BYTES = 10 * 1024;

export const success = (output = ''): ProbeOutput => ({ result: 'Success', output });
export const failure = (output: string): ProbeOutput => ({ result: 'Failure', output });
export const unknown = (error: Error): ProbeOutput => ({ result: 'Unknown', output: '', error });
