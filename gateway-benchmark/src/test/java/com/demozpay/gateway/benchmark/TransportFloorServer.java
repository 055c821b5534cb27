package com.demozpay.gateway.benchmark;

import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import com.demozpay.gateway.api.v1.DisbursementStatus;
import com.demozpay.gateway.api.v1.InitiateDisbursementRequest;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The gateway's transports with nothing between them: what one disbursement costs in CPU when all the
 * gateway does is what it cannot avoid doing with the libraries it is built on (docs/performance.md, "The
 * transport floor"). It runs as its own process with the gateway's JVM flags and the gateway's settings of
 * each library: a grpc-netty-shaded server whose calls run on 40 threads of ours, the JDK {@code HttpClient}
 * (HTTP/1.1, a blocking send on the call's thread, two completion threads), an Undertow listener with one IO
 * thread and 16 workers, and a HikariCP pool of 10 pgjdbc connections. No domain, no Jdbi, no JSON, no log
 * line, no metric: each stage adds one of the gateway's per-disbursement exchanges to the one before, so
 * {@link TransportFloor} reads each exchange's cost as a difference.
 *
 * <p>{@code serve <stage> <grpc port> <webhook port> <bank url> <jdbc url>}, with the signing key in
 * {@value #SIGNING_KEY_VARIABLE}; prints {@value #READY} once it listens and runs until it is stopped.
 */
public final class TransportFloorServer {

    static final String READY = "transport floor ready";
    static final String SIGNING_KEY_VARIABLE = "FLOOR_SIGNING_KEY";
    static final String ID_HEADER = "Floor-Id";
    static final String STATUS_HEADER = "Floor-Status";
    static final String SIGNATURE_HEADER = "Floor-Signature";
    static final String TABLE = """
            CREATE TABLE floor_disbursements (
                id uuid PRIMARY KEY,
                idempotency_key text NOT NULL UNIQUE,
                status text NOT NULL,
                updated_at timestamptz NOT NULL)
            """;

    /** What a disbursement does at each stage; each stage does all that the ones before it do. */
    enum Stage {
        GRPC("the initiate call over gRPC, answered at once"),
        BANK("the signed submit to the bank over HTTP, on the call's thread"),
        DATABASE("two one-statement transactions: the insert, the answer"),
        CALLBACKS("two signed callbacks over HTTP, one transaction each");

        /** What this stage adds to the one before, per disbursement. */
        final String adds;

        Stage(String adds) {
            this.adds = adds;
        }

        boolean includes(Stage other) {
            return compareTo(other) >= 0;
        }
    }

    private static final int CALL_THREADS = 40;
    private static final int WEBHOOK_WORKERS = 16;
    private static final int POOL_SIZE = 10;
    private static final int MAX_CALLBACK_BYTES = 64 * 1024;

    private final Stage stage;
    private final URI bank;
    private final HttpClient client;
    private final HikariDataSource pool;
    private final Mac signer;

    private TransportFloorServer(Stage stage, URI bank, String jdbcUrl, String secret) {
        this.stage = stage;
        this.bank = bank.resolve("/v1/transfers");
        ExecutorService clientThreads = Executors.newFixedThreadPool(2, daemon("floor-http-client"));
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(POOL_SIZE);
        this.pool = new HikariDataSource(config);
        this.signer = mac(secret);
    }

    public static void main(String[] args) throws Exception {
        String secret = System.getenv(SIGNING_KEY_VARIABLE);
        if (args.length != 6 || !args[0].equals("serve") || secret == null) {
            System.err.println("usage: " + SIGNING_KEY_VARIABLE
                    + "=<key> serve <stage> <grpc port> <webhook port> <bank url> <jdbc url>");
            System.exit(64);
        }
        TransportFloorServer floor = new TransportFloorServer(Stage.valueOf(args[1]), URI.create(args[4]), args[5],
                secret);
        Server grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[2])))
                .executor(new ThreadPoolExecutor(CALL_THREADS, CALL_THREADS, 0, TimeUnit.MILLISECONDS,
                        new ArrayBlockingQueue<>(4096), daemon("grpc-call")))
                .addService(floor.new Calls())
                .build()
                .start();
        Undertow webhook = Undertow.builder()
                .addHttpListener(Integer.parseInt(args[3]), "127.0.0.1")
                .setIoThreads(1)
                .setWorkerThreads(WEBHOOK_WORKERS)
                .setHandler(floor::receiveCallback)
                .build();
        webhook.start();
        System.out.println(READY);
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            grpc.shutdownNow();
            webhook.stop();
            floor.pool.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** The initiate call: the row, the submit, the bank's answer, as the gateway's call does them. */
    private final class Calls extends DisbursementGatewayGrpc.DisbursementGatewayImplBase {
        @Override
        public void initiateDisbursement(InitiateDisbursementRequest request, StreamObserver<Disbursement> answer) {
            UUID id = UUID.randomUUID();
            if (stage.includes(Stage.DATABASE)) {
                writeOne("INSERT INTO floor_disbursements (id, idempotency_key, status, updated_at) "
                        + "VALUES (?, ?, 'INITIATED', now())", id, request.getIdempotencyKey());
            }
            if (stage.includes(Stage.BANK)) {
                submit(id, request);
            }
            if (stage.includes(Stage.DATABASE)) {
                // The bank's callbacks may have moved it on already: then this changes nothing, as in the gateway.
                write("UPDATE floor_disbursements SET status = 'SUBMITTED', updated_at = now() WHERE id = ? "
                        + "AND status = ?", id, "INITIATED");
            }
            answer.onNext(Disbursement.newBuilder()
                    .setId(id.toString())
                    .setIdempotencyKey(request.getIdempotencyKey())
                    .setProduct(request.getProduct())
                    .setProductReference(request.getProductReference())
                    .setAmount(request.getAmount())
                    .setBeneficiary(request.getBeneficiary())
                    .setStatus(stage.includes(Stage.BANK) ? DisbursementStatus.SUBMITTED : DisbursementStatus.INITIATED)
                    .build());
            answer.onCompleted();
        }
    }

    private void submit(UUID id, InitiateDisbursementRequest request) {
        byte[] body = ("{\"reference\":\"" + id + "\",\"amount\":\"" + request.getAmount().getAmountMinor()
                + "\",\"currency\":\"" + request.getAmount().getCurrency() + "\",\"credit_account\":\""
                + request.getBeneficiary().getAccountNumber() + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest post = HttpRequest.newBuilder(bank)
                .header("Content-Type", "application/json")
                .header(ID_HEADER, id.toString())
                .header(SIGNATURE_HEADER, sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<byte[]> response = client.send(post, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("the bank answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A callback: its body read on the IO thread, then verified and written on a worker, as the gateway does. */
    private void receiveCallback(HttpServerExchange exchange) {
        if (exchange.getRequestContentLength() > MAX_CALLBACK_BYTES) {
            exchange.setStatusCode(413).endExchange();
            return;
        }
        exchange.getRequestReceiver().receiveFullBytes((received, body) -> received.dispatch(() -> {
            String signature = received.getRequestHeaders().getFirst(SIGNATURE_HEADER);
            if (signature == null || !MessageDigest.isEqual(sign(body).getBytes(StandardCharsets.US_ASCII),
                    signature.getBytes(StandardCharsets.US_ASCII))) {
                received.setStatusCode(401).endExchange();
                return;
            }
            writeOne("UPDATE floor_disbursements SET status = ?, updated_at = now() WHERE id = ?",
                    received.getRequestHeaders().getFirst(STATUS_HEADER),
                    UUID.fromString(received.getRequestHeaders().getFirst(ID_HEADER)));
            received.setStatusCode(200).endExchange();
        }));
    }

    private void writeOne(String sql, Object first, Object second) {
        if (write(sql, first, second) != 1) {
            throw new IllegalStateException("no row for " + sql + " with " + first + ", " + second);
        }
    }

    /** One statement in a transaction of its own (auto-commit): the cheapest a committed change can be. */
    private int write(String sql, Object first, Object second) {
        try (Connection connection = pool.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, first);
            statement.setObject(2, second);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String sign(byte[] body) {
        return signature(signer, body);
    }

    /** The body's signature with {@code signer}, cloned per use as the gateway does: one keyed Mac. */
    static String signature(Mac signer, byte[] body) {
        try {
            return Base64.getEncoder().encodeToString(((Mac) signer.clone()).doFinal(body));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Mac mac(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
