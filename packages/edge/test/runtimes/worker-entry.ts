import { type SmokeEnv, smoke } from "./smoke";

export default {
  async fetch(_request: Request, env: SmokeEnv): Promise<Response> {
    try {
      return Response.json(await smoke(env));
    } catch (error) {
      return Response.json({ error: String(error) }, { status: 500 });
    }
  },
};
