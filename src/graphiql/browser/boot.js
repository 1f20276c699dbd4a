// Renders GraphiQL from the options the page carries (src/graphiql/page.ts). React, GraphiQL
// and the explorer plugin are the globals their UMD scripts, loaded before this one, define.
/* global React, ReactDOM, GraphiQL, GraphiQLPluginExplorer */
const options = JSON.parse(document.getElementById('graphiql-options').textContent);
const fetcher = GraphiQL.createFetcher({ url: options.endpoint });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    plugins: [GraphiQLPluginExplorer.explorerPlugin()],
    defaultTabs: options.defaultTabs,
    defaultHeaders: options.defaultHeaders,
    shouldPersistHeaders: options.shouldPersistHeaders,
    defaultEditorToolsVisibility: options.defaultEditorToolsVisibility,
  }),
);
