package com.demozpay.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WalkthroughTest {

    @Test
    void aFailingGrpcCallIsPrintedAndDoesNotEscapeTheWalkthrough() throws IOException {
        // given: a gRPC port where nothing listens any more
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Walkthrough walkthrough = new Walkthrough(new PrintStream(printed, true, StandardCharsets.UTF_8), closedPort,
                Optional.empty(), null);

        // when / then
        assertThatCode(walkthrough::run).doesNotThrowAnyException();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("walkthrough: failed: gRPC UNAVAILABLE")
                .contains("the gateway keeps serving");
    }
}
