export interface GraphQLBody {
  query: string;
  variables?: Record<string, unknown>;
}

/** One POST outside the load: the parsed JSON, or an error saying what went wrong. */
export async function postGraphQL(url: string, body: GraphQLBody): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
  if (!response.ok || json.errors) {
    throw new Error(`HTTP ${response.status}: ${JSON.stringify(json.errors ?? json).slice(0, 1000)}`);
  }
  return json;
}
