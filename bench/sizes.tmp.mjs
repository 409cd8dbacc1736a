import { build } from "esbuild";
import { gzipSync } from "node:zlib";
const entry = process.argv[2] ?? "bench/entries/leap-edge.ts";
const r = await build({ entryPoints:[entry], bundle:true, write:false, format:"esm", platform:"browser", conditions:["workerd","worker","browser"], target:"es2022", minify:true, metafile:true, logLevel:"silent", alias: process.env.SRC ? {"@leap-workflows/edge": "../packages/edge/src/index.ts", "@leap-workflows/core/internal": "../packages/core/src/internal.ts", "@leap-workflows/core": "../packages/core/src/index.ts"} : {}, absWorkingDir: process.cwd() });
const code = r.outputFiles[0].text;
console.log("total min", code.length, "gzip", gzipSync(code,{level:9}).length);
const out = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(out.inputs).map(([k,v])=>[v.bytesInOutput,k]).sort((a,b)=>b[0]-a[0]);
for (const [b,k] of rows) console.log(String(b).padStart(6), k);
