import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricsSettings } from '../config.js';
import type { RequestState } from './request-state.js';
import type { CacheUsage } from './response-store.js';

// Prometheus metrics at /metrics: Yoga's plugin (HTTP and GraphQL phase durations, errors),
// the process (memory, CPU, event loop lag), and the gateway's own: requests by status and
// response cache outcome, SQL statements per request, refusals by error code, and the weight of
// the in-memory response cache.
// Operation names, which clients choose, label the metrics only with METRICS_OPERATION_NAMES
// (each new name is a new series: fine with the anonymous allow-list, risky without).
// /metrics is public on the gateway's port: keep it off the internet at the load balancer.

export interface GatewayMetrics {
  plugin: Plugin;
  /** Records one finished request (called by the request log). */
  observe(state: RequestState, status: number): void;
}

export interface MetricSources {
  /** The in-memory response cache's weight (absent when it is off or in Redis). */
  responseCacheUsage?: (() => CacheUsage) | undefined;
}

export function createMetrics(settings: MetricsSettings, { responseCacheUsage }: MetricSources = {}): GatewayMetrics {
  // One registry per gateway: tests build many gateways in one process.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'gateway_requests_total',
    help: 'GraphQL requests by HTTP status and response cache outcome (hit, miss, bypass, none).',
    labelNames: ['status', 'cache'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'gateway_errors_total',
    help: 'Errors returned to clients, by extensions.code (limits, rate limits, bad input, masked errors).',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const statements = new Histogram({
    name: 'gateway_sql_statements_per_request',
    help: 'SQL statements a request caused.',
    buckets: [0, 1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });

  if (responseCacheUsage) {
    new Gauge({
      name: 'gateway_response_cache_bytes',
      help: 'What the in-memory response cache holds, in bytes (bounded by RESPONSE_CACHE_MAX_BYTES).',
      registers: [registry],
      collect() {
        this.set(responseCacheUsage().bytes);
      },
    });
    new Gauge({
      name: 'gateway_response_cache_entries',
      help: 'Results in the in-memory response cache.',
      registers: [registry],
      collect() {
        this.set(responseCacheUsage().entries);
      },
    });
  }

  const plugin = usePrometheus({
    registry,
    endpoint: '/metrics',
    skipIntrospection: true,
    labels: { operationName: settings.operationNames, url: false },
    metrics: {
      graphql_envelop_deprecated_field: false,
      graphql_envelop_phase_subscribe: false,
      // A tdigest summary of the same durations as graphql_envelop_request_duration's histogram:
      // about a twentieth of a list request's CPU for nothing the histogram does not tell.
      graphql_envelop_request_time_summary: false,
    },
  });

  return {
    plugin,
    observe(state, status) {
      if (!state.operationType && !state.cache && state.errorCodes.size === 0) return; // not a GraphQL request
      requests.inc({ status: String(status), cache: state.cache ?? 'none' });
      for (const code of state.errorCodes) errors.inc({ code });
      if (state.cache !== 'hit') statements.observe(state.statements);
    },
  };
}
