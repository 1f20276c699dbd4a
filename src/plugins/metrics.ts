import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricsSettings } from '../config.js';
import type { RequestState } from './request-state.js';

// Prometheus metrics at /metrics: Yoga's plugin (HTTP and GraphQL phase durations, errors),
// the process (memory, CPU, event loop lag), and the gateway's own: requests by status and
// response cache outcome, SQL statements per request, refusals by error code.
// Operation names, which clients choose, label the metrics only with METRICS_OPERATION_NAMES
// (each new name is a new series: fine with the anonymous allow-list, risky without).
// /metrics is public on the gateway's port: keep it off the internet at the load balancer.

export interface GatewayMetrics {
  plugin: Plugin;
  /** Records one finished request (called by the request log). */
  observe(state: RequestState, status: number): void;
}

export function createMetrics(settings: MetricsSettings): GatewayMetrics {
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

  const plugin = usePrometheus({
    registry,
    endpoint: '/metrics',
    skipIntrospection: true,
    labels: { operationName: settings.operationNames, url: false },
    metrics: {
      graphql_envelop_deprecated_field: false,
      graphql_envelop_phase_subscribe: false,
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
