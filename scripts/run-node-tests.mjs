// Runs node:test files (TypeScript through tsx) found under the given folders.
// Node 20's --test does not glob .ts files itself.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const [suffix, ...roots] = process.argv.slice(2);
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith(suffix)) files.push(full);
  }
}
roots.forEach(walk);
if (files.length === 0) {
  console.error(`no *${suffix} files under ${roots.join(", ")}`);
  process.exit(1);
}
// The AWS SDK notice about Node 20 is known (../shared/STACK.md) and only clutters test output.
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...process.env };
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", ...files.sort()], {
  stdio: "inherit",
  env,
});
process.exit(result.status ?? 1);
