// The GraphQL explorer at GET /graphql: GraphiQL, served from the CRM's own binary, sending
// requests as the user signed in to the app in this browser.
//
// The app keeps its refresh token in an HttpOnly cookie and its access token in memory only
// (ARCHITECTURE.md, "Browser sessions"). The explorer gets its own access token the same way
// the app does after a reload: it exchanges the cookie, holding the Web Lock every tab of the
// app holds around that exchange, because a refresh token is single-use and two tabs racing
// with the same cookie would end the session as a replay. Without a session the explorer
// sends requests anonymously; an Authorization header typed in the Headers editor wins.
(function () {
  "use strict";

  const ENDPOINT = "/graphql";
  const REFRESH_LOCK = "crm-session-refresh";
  // Refresh this long before the token expires, so a request never races its expiry.
  const EXPIRY_MARGIN_MS = 30000;
  const REFRESH = "mutation ExplorerRefresh { refreshToken { accessToken expiresAt } }";
  const WHO = "query ExplorerViewer { me { kind user { email } } }";
  const FIRST_QUERY = [
    "# The CRM's GraphQL API, as the user signed in to the app in this browser.",
    "# Open Docs (the book icon) for every type and field; Ctrl+Space completes.",
    "",
    "query Me {",
    "  me {",
    "    kind",
    "    user { email displayName }",
    "  }",
    "}",
    "",
  ].join("\n");

  // The access token and when it expires; null when there is no session.
  let session = null;
  let pending = null;

  async function post(body, headers) {
    const response = await fetch(ENDPOINT, {
      method: "POST",
      credentials: "same-origin",
      headers: Object.assign({ "Content-Type": "application/json" }, headers),
      body: JSON.stringify(body),
    });
    return response.json();
  }

  async function exchangeCookie() {
    // The header asks the server to keep the new refresh token in the HttpOnly cookie.
    const answer = await post({ query: REFRESH }, { "X-CRM-Session": "cookie" });
    const issued = answer.data && answer.data.refreshToken;
    return issued ? { token: issued.accessToken, expiresAt: Date.parse(issued.expiresAt) } : null;
  }

  function acrossTabs(exchange) {
    return navigator.locks ? navigator.locks.request(REFRESH_LOCK, exchange) : exchange();
  }

  // The session, refreshed when it is about to expire; concurrent callers share one exchange.
  function currentSession() {
    if (session && session.expiresAt - Date.now() > EXPIRY_MARGIN_MS) {
      return Promise.resolve(session);
    }
    if (!pending) {
      pending = acrossTabs(exchangeCookie)
        .catch(() => null)
        .then((fresh) => {
          session = fresh;
          pending = null;
          return fresh;
        });
    }
    return pending;
  }

  function hasAuthorization(headers) {
    return Object.keys(headers || {}).some((name) => name.toLowerCase() === "authorization");
  }

  // GraphiQL's fetch: adds the session's token unless the Headers editor names its own.
  async function authorizedFetch(url, init) {
    const headers = Object.assign({}, init && init.headers);
    if (!hasAuthorization(headers)) {
      const signedIn = await currentSession();
      if (signedIn) {
        headers.Authorization = "Bearer " + signedIn.token;
      }
    }
    return fetch(url, Object.assign({}, init, { headers, credentials: "omit" }));
  }

  async function identity() {
    const signedIn = await currentSession();
    if (!signedIn) {
      return "not signed in: sign in to the app at /, or add an Authorization header";
    }
    const answer = await post({ query: WHO }, { Authorization: "Bearer " + signedIn.token }).catch(() => null);
    const me = answer && answer.data && answer.data.me;
    return me && me.user ? "signed in as " + me.user.email : "signed in";
  }

  async function start() {
    const who = await identity();
    const h = React.createElement;
    const logo = h(GraphiQL.Logo, null, "CRM GraphQL", h("span", { className: "explorer-identity", id: "explorer-identity" }, who));
    const explorer = h(
      GraphiQL,
      {
        fetcher: GraphiQL.createFetcher({ url: ENDPOINT, fetch: authorizedFetch }),
        defaultQuery: FIRST_QUERY,
        // Headers typed by hand may hold an API key: kept for this page only, not in storage.
        shouldPersistHeaders: false,
      },
      logo,
    );
    ReactDOM.createRoot(document.getElementById("graphiql")).render(explorer);
  }

  start();
})();
