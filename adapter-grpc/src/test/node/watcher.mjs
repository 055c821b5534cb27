// Watches every disbursement change through WatchDisbursements, as the platform's TypeScript API
// does, with a client built at run time from the shipped .proto files (run by WatchDisbursementsIT).
//
// usage: node watcher.mjs <host:port> <proto include dir> <after cursor, or "" for now> <settlements to wait for>
// Prints one JSON line per event: {"cursor", "id", "from", "status"} for a change, {"cursor", "keepalive": true}
// for a keepalive. Exits 0 once it has seen that many SETTLED events (it then cancels the stream, as a
// watcher that drops would), 1 if the stream ends with an error (printed as {"error", "code"}), 3 after 60 s.
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const [address, protoDir, afterCursor, settlementsArg] = process.argv.slice(2);
if (!address || !protoDir || afterCursor === undefined || !settlementsArg) {
  console.error('usage: node watcher.mjs <host:port> <proto include dir> <after cursor> <settlements to wait for>');
  process.exit(2);
}

const definition = protoLoader.loadSync('demoz/gateway/v1/gateway.proto', {
  includeDirs: [protoDir], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true,
});
const { DisbursementGateway } = grpc.loadPackageDefinition(definition).demoz.gateway.v1;
const client = new DisbursementGateway(address, grpc.credentials.createInsecure());

let settlementsLeft = Number(settlementsArg);
const stream = client.WatchDisbursements({ after_cursor: afterCursor });
const giveUp = setTimeout(() => { stream.cancel(); client.close(); process.exit(3); }, 60_000);

stream.on('data', (event) => {
  if (!event.disbursement) {
    console.log(JSON.stringify({ cursor: event.cursor, keepalive: true }));
    return;
  }
  const { id, status } = event.disbursement;
  console.log(JSON.stringify({ cursor: event.cursor, id, from: event.from_status, status }));
  if (status === 'SETTLED' && --settlementsLeft === 0) {
    clearTimeout(giveUp);
    stream.cancel();
    client.close();
    process.exit(0);
  }
});
stream.on('error', (error) => {
  if (error.code === grpc.status.CANCELLED) {
    return;
  }
  console.log(JSON.stringify({ error: error.details, code: error.code }));
  process.exit(1);
});
