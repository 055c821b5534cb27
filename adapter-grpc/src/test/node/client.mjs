// Calls InitiateDisbursement, then GetStatus, on the gateway with a client built at run time from the
// .proto files shipped in the proto artifact, as the platform's TypeScript API does.
//
// usage: node client.mjs <host:port> <proto include dir> <idempotency key>
// GATEWAY_GRPC_AUTH_TOKEN, when set, is sent as "authorization: Bearer <token>".
// Prints one line per call; any unexpected answer fails an assertion (non-zero exit).
import assert from 'node:assert/strict';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const [address, protoDir, idempotencyKey] = process.argv.slice(2);
if (!address || !protoDir || !idempotencyKey) {
  console.error('usage: node client.mjs <host:port> <proto include dir> <idempotency key>');
  process.exit(2);
}

const definition = protoLoader.loadSync('demoz/gateway/v1/gateway.proto', {
  includeDirs: [protoDir],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const { DisbursementGateway } = grpc.loadPackageDefinition(definition).demoz.gateway.v1;
const client = new DisbursementGateway(address, grpc.credentials.createInsecure());

const metadata = new grpc.Metadata();
if (process.env.GATEWAY_GRPC_AUTH_TOKEN) {
  metadata.set('authorization', `Bearer ${process.env.GATEWAY_GRPC_AUTH_TOKEN}`);
}

function call(method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, metadata, { deadline: Date.now() + 10_000 },
      (error, response) => (error ? reject(error) : resolve(response)));
  });
}

try {
  const initiated = await call('InitiateDisbursement', {
    idempotency_key: idempotencyKey,
    product: 'EWA',
    product_reference: 'ewa-request-node-1',
    amount: { amount_minor: '150000', currency: 'ETB' },
    beneficiary: { account_number: '1000123456789', account_name: 'Abebe Kebede' },
    narrative: 'Salary advance',
  });
  assert.match(initiated.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(initiated.idempotency_key, idempotencyKey);
  assert.equal(initiated.product, 'EWA');
  assert.deepEqual(initiated.amount, { amount_minor: '150000', currency: 'ETB' });
  console.log(`initiated id=${initiated.id} status=${initiated.status} partner_reference=${initiated.partner_reference}`);

  const fetched = await call('GetStatus', { id: initiated.id });
  assert.equal(fetched.id, initiated.id);
  assert.equal(fetched.status, initiated.status);
  assert.ok(Number(fetched.created_at.seconds) > 0);
  console.log(`status id=${fetched.id} status=${fetched.status}`);

  await assert.rejects(call('GetStatus', { idempotency_key: `never-used-${idempotencyKey}` }),
    (error) => error.code === grpc.status.NOT_FOUND);
  console.log('unknown key status=NOT_FOUND');
} finally {
  client.close();
}
