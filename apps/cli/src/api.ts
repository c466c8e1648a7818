// The REST API over fetch: the token on every call, and problem+json errors
// turned into a CliError that says what the server said.
import { CliError, type CliConfig } from "./config.ts";

export async function apiFetch(config: CliConfig, route: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${config.url}/api/v1${route}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${config.token}` },
    });
  } catch (error) {
    throw new CliError(`Cannot reach ${config.url}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { detail?: string; title?: string } | null;
    const retry = res.headers.get("retry-after");
    throw new CliError(
      `${res.status} ${body?.title ?? res.statusText}: ${body?.detail ?? "no details"}${retry ? ` (retry after ${retry} s)` : ""}`,
    );
  }
  return res;
}

export async function apiJson<T>(config: CliConfig, route: string, init?: RequestInit): Promise<T> {
  return (await (await apiFetch(config, route, init)).json()) as T;
}
