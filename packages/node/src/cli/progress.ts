import { escapeControl } from "./escape";
import type { CliIo } from "./io";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** A spinner line on stderr while waiting; a no-op unless stderr is a terminal (so pipes and CI stay clean). */
export function startProgress(io: CliIo, id: string): { update(status: string): void; stop(): void } {
  if (!io.stderr.isTTY) return { update() {}, stop() {} };
  const started = Date.now();
  const shownId = escapeControl(id);
  let status = "waiting";
  let frame = 0;
  const draw = () => {
    const seconds = Math.floor((Date.now() - started) / 1000);
    io.stderr.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${shownId} ${status} ${seconds}s`);
  };
  const timer = setInterval(draw, 100);
  draw();
  return {
    update(next) {
      status = escapeControl(next);
    },
    stop() {
      clearInterval(timer);
      io.stderr.write("\r\x1b[2K");
    },
  };
}
