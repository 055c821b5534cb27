package com.demozpay.gateway.adapter.grpc;

import io.grpc.Channel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Asks a server one reflection question, as grpcurl does, and waits for the answer. */
final class ReflectionClient {

    private ReflectionClient() {
    }

    static ServerReflectionResponse ask(Channel channel, ServerReflectionRequest request) throws Throwable {
        CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        answer.complete(response);
                    }

                    @Override
                    public void onError(Throwable error) {
                        answer.completeExceptionally(error);
                    }

                    @Override
                    public void onCompleted() {
                        answer.completeExceptionally(new IllegalStateException("closed without an answer"));
                    }
                });
        requests.onNext(request);
        requests.onCompleted();
        try {
            return answer.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("no reflection answer in 5 s", e);
        }
    }

    static ServerReflectionRequest listServices() {
        return ServerReflectionRequest.newBuilder().setListServices("*").build();
    }
}
