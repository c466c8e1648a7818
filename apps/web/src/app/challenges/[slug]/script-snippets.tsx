/** How to take part from a terminal or a notebook: the Node CLI and the Python client, side by side. */
export function ScriptSnippets({ slug }: { slug: string }) {
  return (
    <details className="snippets" data-testid="script-snippets">
      <summary>From a script or a notebook</summary>
      <p className="muted">
        With an API token (<a href="/settings/tokens">API tokens</a>): the command-line client and the Python package
        take the same verbs and print the same output.
      </p>
      <div className="snippet-pair">
        <div>
          <h3>Command line</h3>
          <pre data-testid="cli-snippet">
            {`npx unblind login --url <this site> --token <token>
npx unblind download ${slug} --dest data/
npx unblind submit ${slug} submission.csv --wait
npx unblind leaderboard ${slug}`}
          </pre>
        </div>
        <div>
          <h3>Python</h3>
          <pre data-testid="python-snippet">
            {`# pip install ./clients/python  (from the Unblind repository)
from unblind import Client
c = Client(url="<this site>", token="<token>")
c.download("${slug}", "data/")
scores = c.submit("${slug}", "submission.csv", wait=True)
board = c.leaderboard("${slug}")  # a pandas DataFrame`}
          </pre>
        </div>
      </div>
    </details>
  );
}
