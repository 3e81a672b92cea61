/**
 * What a step writes to stdout and stderr, in a module of its own so a test
 * that talks to the real cloud can take it without the harness's SDK mocks.
 */
import { type MockInstance, vi } from 'vitest';

export interface LogCapture {
  readonly text: () => string;
  readonly restore: () => void;
}

/**
 * Everything written to stdout and stderr while capturing, where the logger
 * writes its JSON lines; it also keeps them out of the test report.
 */
export function captureLogs(): LogCapture {
  const chunks: string[] = [];
  const spies: MockInstance[] = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    }),
  );
  return {
    text: () => chunks.join(''),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
