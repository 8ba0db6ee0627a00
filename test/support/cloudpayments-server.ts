/**
 * A local server that speaks CloudPayments' published protocol (developers.cloudpayments.ru), for
 * tests: `POST /orders/create` with HTTP Basic PublicId:ApiSecret → `{Success, Model:{Id, Number,
 * Url}}`; and, playing the payer, `pay(orderId)` sends the Check and then the Pay notification (or
 * Fail) to the shop's URLs, form-encoded, signed with `Content-HMAC` and `X-Content-HMAC`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CpOrder {
  id: string;
  number: number;
  amount: number;
  currency: string;
  description: string;
  invoiceId?: string;
  accountId?: string;
  successRedirectUrl?: string;
}

export interface CpNotificationResult {
  status: number;
  body: unknown;
}

export interface CloudPaymentsServer {
  url: string;
  orders: Map<string, CpOrder>;
  requests: { path: string; authorized: boolean; body: unknown }[];
  /** Check then (if answered code 0) Pay, or Fail when `decline`; returns the shop's answers */
  pay(
    orderId: string,
    options: {
      webhookUrl: string;
      amount?: string;
      decline?: boolean;
      transactionId?: number;
      dateTime?: Date;
    },
  ): Promise<{ check: CpNotificationResult; final?: CpNotificationResult; form: string }>;
  /** sends one signed notification of `type` with `fields` */
  notify(
    webhookUrl: string,
    type: 'check' | 'pay' | 'fail',
    fields: Record<string, string>,
  ): Promise<CpNotificationResult>;
  close(): Promise<void>;
}

const read = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });

export function cpSign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

const pad = (n: number) => String(n).padStart(2, '0');
export const cpDateTime = (d: Date) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

export async function startCloudPaymentsServer(options: {
  publicId: string;
  apiSecret: string;
}): Promise<CloudPaymentsServer> {
  const orders = new Map<string, CpOrder>();
  const requests: CloudPaymentsServer['requests'] = [];
  let number = 100;
  let transaction = 900_000;
  const expectedAuth = `Basic ${Buffer.from(`${options.publicId}:${options.apiSecret}`).toString('base64')}`;

  const server: Server = createServer(async (request, response) => {
    const text = await read(request);
    const authorized = request.headers.authorization === expectedAuth;
    let body: Record<string, unknown> = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = {};
    }
    requests.push({ path: request.url ?? '', authorized, body });
    response.setHeader('content-type', 'application/json');
    if (!authorized) {
      response.statusCode = 401;
      response.end(JSON.stringify({ Success: false, Message: 'Authentication failed' }));
      return;
    }
    if (request.method === 'POST' && request.url === '/orders/create') {
      if (typeof body.Amount !== 'number' || !body.Currency || !body.Description) {
        response.end(
          JSON.stringify({ Success: false, Message: 'Amount, Currency and Description are required' }),
        );
        return;
      }
      const id = randomBytes(8).toString('hex');
      const order: CpOrder = {
        id,
        number: ++number,
        amount: body.Amount,
        currency: String(body.Currency),
        description: String(body.Description),
        invoiceId: body.InvoiceId as string | undefined,
        accountId: body.AccountId as string | undefined,
        successRedirectUrl: body.SuccessRedirectUrl as string | undefined,
      };
      orders.set(id, order);
      const address = server.address() as AddressInfo;
      response.end(
        JSON.stringify({
          Success: true,
          Message: null,
          Model: {
            Id: id,
            Number: order.number,
            Amount: order.amount,
            Currency: order.currency,
            Description: order.description,
            Url: `http://127.0.0.1:${address.port}/d/${id}`,
          },
        }),
      );
      return;
    }
    response.statusCode = 404;
    response.end(JSON.stringify({ Success: false, Message: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;

  const notify: CloudPaymentsServer['notify'] = async (webhookUrl, type, fields) => {
    const form = new URLSearchParams(fields).toString();
    const decoded = decodeURIComponent(form.replace(/\+/g, ' '));
    const response = await fetch(`${webhookUrl}?type=${type}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'Content-HMAC': cpSign(options.apiSecret, form),
        'X-Content-HMAC': cpSign(options.apiSecret, decoded),
      },
      body: form,
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body };
  };

  return {
    url: `http://127.0.0.1:${address.port}`,
    orders,
    requests,
    notify,
    async pay(orderId, payOptions) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no order ${orderId}`);
      const base: Record<string, string> = {
        TransactionId: String(payOptions.transactionId ?? ++transaction),
        Amount: payOptions.amount ?? order.amount.toFixed(2),
        Currency: order.currency,
        DateTime: cpDateTime(payOptions.dateTime ?? new Date()),
        CardFirstSix: '424242',
        CardLastFour: '4242',
        CardType: 'Visa',
        CardExpDate: '12/30',
        TestMode: '1',
        Status: 'Completed',
        OperationType: 'Payment',
        InvoiceId: order.invoiceId ?? '',
        AccountId: order.accountId ?? '',
        Description: order.description,
        Name: 'IVAN IVANOV',
      };
      const form = new URLSearchParams(base).toString();
      const check = await notify(payOptions.webhookUrl, 'check', base);
      if ((check.body as { code?: number })?.code !== 0) return { check, form };
      if (payOptions.decline) {
        const final = await notify(payOptions.webhookUrl, 'fail', {
          ...base,
          Reason: 'InsufficientFunds',
          ReasonCode: '5051',
        });
        return { check, final, form };
      }
      const final = await notify(payOptions.webhookUrl, 'pay', {
        ...base,
        GatewayName: 'Test',
        TotalFee: '0.00',
      });
      return { check, final, form };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
