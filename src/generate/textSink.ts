// Output goes through a tiny interface rather than a stream so that the generator never touches
// `fs`: the CLI adapts a WriteStream to it, tests collect strings in memory.

/** Where generated text goes; a write resolves once the sink can take more (backpressure). */
export interface TextSink {
  write(chunk: string): Promise<void>;
}

/** Big enough that per-write overhead vanishes, small enough that memory stays flat. */
export const CHUNK_CHARS = 1 << 20;

/** Collects small pieces and hands them on in chunks of about CHUNK_CHARS. */
export class ChunkedWriter {
  private buffer = '';

  constructor(private readonly sink: TextSink) {}

  append(text: string): void {
    this.buffer += text;
  }

  get isFull(): boolean {
    return this.buffer.length >= CHUNK_CHARS;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    await this.sink.write(chunk);
  }
}

/** A sink that keeps everything in memory: for tests and small runs. */
export class MemorySink implements TextSink {
  private readonly chunks: string[] = [];

  write(chunk: string): Promise<void> {
    this.chunks.push(chunk);
    return Promise.resolve();
  }

  get text(): string {
    return this.chunks.join('');
  }

  get chunkCount(): number {
    return this.chunks.length;
  }

  get chunkLengths(): number[] {
    return this.chunks.map((chunk) => chunk.length);
  }
}
