import { createHmac } from 'node:crypto';
import type { Config } from '../../config';
import { createCloudPaymentsProvider } from './cloudpayments';
import { createDemoProvider } from './demo';
import type { PaymentProvider } from './types';

export * from './cloudpayments';
export * from './demo';
export * from './types';

/** CloudPayments retries notifications for hours: its freshness window is a day. */
export const CLOUDPAYMENTS_MAX_AGE_SECONDS = 24 * 3600;

/** The demo page's signing secret: PAYMENT_DEMO_SECRET, else derived from the PII master key. */
export function demoSecret(config: Pick<Config, 'PAYMENT_DEMO_SECRET' | 'piiKey'>): string {
  return (
    config.PAYMENT_DEMO_SECRET ?? createHmac('sha256', config.piiKey).update('demo-payments').digest('hex')
  );
}

/** The providers this configuration accepts webhooks from, by name; `active` makes new links. */
export function createPaymentProviders(
  config: Config,
  baseUrl: string,
): { active: PaymentProvider; byName: Map<string, PaymentProvider> } {
  const byName = new Map<string, PaymentProvider>();
  // The demo page pays without money: never accepted in production unless it is the chosen provider.
  if (config.PAYMENT_PROVIDER === 'demo' || config.NODE_ENV !== 'production')
    byName.set(
      'demo',
      createDemoProvider({
        secret: demoSecret(config),
        baseUrl,
        toleranceSeconds: config.PAYMENT_WEBHOOK_TOLERANCE_SECONDS,
      }),
    );
  if (config.CLOUDPAYMENTS_PUBLIC_ID && config.CLOUDPAYMENTS_API_SECRET) {
    byName.set(
      'cloudpayments',
      createCloudPaymentsProvider({
        publicId: config.CLOUDPAYMENTS_PUBLIC_ID,
        apiSecret: config.CLOUDPAYMENTS_API_SECRET,
        apiUrl: config.CLOUDPAYMENTS_API_URL,
        maxAgeSeconds: CLOUDPAYMENTS_MAX_AGE_SECONDS,
      }),
    );
  }
  const active = byName.get(config.PAYMENT_PROVIDER);
  if (!active) throw new Error(`payment provider ${config.PAYMENT_PROVIDER} is not configured`);
  return { active, byName };
}
