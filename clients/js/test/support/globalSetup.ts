import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const repoRoot = resolve(import.meta.dirname, "../../../..");

/**
 * The host the tests talk to: ELEMENTS_BASE_URL when set (the xunit runner starts one), else the sample app's built
 * host (`dotnet build app` first) on a free port, serving a throwaway copy of app/ so the repository's database is
 * never touched.
 */
export default async function setup(project: TestProject) {
  const given = process.env.ELEMENTS_BASE_URL;
  if (given) {
    project.provide("baseUrl", given.replace(/\/+$/, ""));
    return;
  }

  const dll = findHostDll();
  const contentRoot = copySampleApp();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = "";
  const host: ChildProcess = spawn(
    "dotnet",
    [dll, "--urls", baseUrl, "--contentRoot", contentRoot,
      // Every test logs in from 127.0.0.1: one rate-limit bucket for all of them.
      "--Elements:RateLimit:PermitsPerSecond=100000", "--Elements:RateLimit:Burst=100000"],
    { cwd: contentRoot, stdio: ["ignore", "pipe", "pipe"] },
  );
  host.stdout?.on("data", (chunk) => (output += chunk));
  host.stderr?.on("data", (chunk) => (output += chunk));

  try {
    await waitForHealth(baseUrl, host, () => output);
  } catch (error) {
    host.kill();
    rmSync(contentRoot, { recursive: true, force: true });
    throw error;
  }

  project.provide("baseUrl", baseUrl);
  return async () => {
    host.kill();
    await new Promise((done) => (host.exitCode !== null ? done(undefined) : host.once("exit", done)));
    rmSync(contentRoot, { recursive: true, force: true });
  };
}

function findHostDll(): string {
  const candidates = [process.env.ELEMENTS_HOST_DLL, ...["Debug", "Release"].map((c) => join(repoRoot, "app", "bin", c, "net10.0", "Elements.Host.dll"))]
    .filter((path): path is string => !!path && existsSync(path));
  if (candidates.length === 0) {
    throw new Error("no built host: run `dotnet build app` (or set ELEMENTS_BASE_URL to a running host, or ELEMENTS_HOST_DLL)");
  }

  // The newest build, so a Release build made after a Debug one is the one tested.
  return candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]!;
}

/** app.json, appsettings.json and every top folder holding an e.json (as tests/Elements.Testing's SampleApp copies). */
function copySampleApp(): string {
  const app = join(repoRoot, "app");
  const root = mkdtempSync(join(tmpdir(), "elements-js-tests-"));
  cpSync(join(app, "app.json"), join(root, "app.json"));
  cpSync(join(app, "appsettings.json"), join(root, "appsettings.json"));
  for (const entry of readdirSync(app, { withFileTypes: true })) {
    if (entry.isDirectory() && !["bin", "obj", "appData", "Host", "wwwroot"].includes(entry.name) && holdsElement(join(app, entry.name))) {
      cpSync(join(app, entry.name), join(root, entry.name), { recursive: true });
    }
  }

  return root;
}

function holdsElement(dir: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some((e) => (e.isDirectory() ? holdsElement(join(dir, e.name)) : e.name === "e.json"));
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForHealth(baseUrl: string, host: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (host.exitCode !== null) {
      throw new Error(`the host exited with ${host.exitCode}:\n${output()}`);
    }

    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) {
        return;
      }
    } catch {
      // not listening yet
    }

    await new Promise((r) => setTimeout(r, 250));
  }

  throw new Error(`the host did not answer /healthz within 90 s:\n${output()}`);
}
