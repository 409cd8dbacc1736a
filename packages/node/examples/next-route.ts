// app/api/runs/route.ts: a Next.js route handler on the Node.js runtime.
import { Workflows } from "@leap-workflows/node";

export const runtime = "nodejs";

// Created on the first request, not at import: `next build` imports route modules without your secrets.
let leap: Workflows | undefined;

export async function POST(request: Request): Promise<Response> {
  const { workflow_id, inputs } = await request.json();
  leap ??= new Workflows();
  const run = await leap.runAndWait({ workflow_id, inputs }, { timeout: 25_000 });
  return Response.json({ id: run.id, status: run.status, output: run.output });
}
