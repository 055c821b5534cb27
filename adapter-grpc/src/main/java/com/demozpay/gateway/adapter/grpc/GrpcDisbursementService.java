package com.demozpay.gateway.adapter.grpc;

import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementEvent;
import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import com.demozpay.gateway.api.v1.GetStatusRequest;
import com.demozpay.gateway.api.v1.InitiateDisbursementRequest;
import com.demozpay.gateway.api.v1.WatchDisbursementsRequest;
import com.demozpay.gateway.ports.in.GetDisbursementStatusUseCase;
import com.demozpay.gateway.ports.in.InitiateDisbursementUseCase;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@code demoz.gateway.v1.DisbursementGateway} service: translates each request to the domain,
 * calls its use case and translates the answer or the error back. A call whose deadline has already
 * passed, or that its caller cancelled, when it reaches this service does no work at all.
 */
public final class GrpcDisbursementService extends DisbursementGatewayGrpc.DisbursementGatewayImplBase {

    private final InitiateDisbursementUseCase initiate;
    private final GetDisbursementStatusUseCase getStatus;
    private final DisbursementWatches watches;

    public GrpcDisbursementService(InitiateDisbursementUseCase initiate, GetDisbursementStatusUseCase getStatus,
            DisbursementWatches watches) {
        this.initiate = Objects.requireNonNull(initiate, "initiate");
        this.getStatus = Objects.requireNonNull(getStatus, "getStatus");
        this.watches = Objects.requireNonNull(watches, "watches");
    }

    @Override
    public void initiateDisbursement(InitiateDisbursementRequest request, StreamObserver<Disbursement> response) {
        answer(response, () -> DisbursementMessages.toMessage(initiate.initiate(DisbursementMessages.toDraft(request))));
    }

    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<Disbursement> response) {
        answer(response, () -> DisbursementMessages.toMessage(getStatus.getStatus(DisbursementMessages.toQuery(request))));
    }

    /** Server streaming: returns at once, the stream runs on {@link DisbursementWatches}' own threads. */
    @Override
    public void watchDisbursements(WatchDisbursementsRequest request, StreamObserver<DisbursementEvent> response) {
        if (Context.current().isCancelled()) {
            response.onError(StatusMapper.tooLateToStart(false));
            return;
        }
        watches.start(request, response);
    }

    /** Ends every watch stream with the cursor to resume from: called first at shutdown. */
    void endWatches() {
        watches.close();
    }

    private static void answer(StreamObserver<Disbursement> response, Supplier<Disbursement> work) {
        Context context = Context.current();
        Deadline deadline = context.getDeadline();
        boolean deadlineExpired = deadline != null && deadline.isExpired();
        if (deadlineExpired || context.isCancelled()) {
            response.onError(StatusMapper.tooLateToStart(deadlineExpired));
            return;
        }
        Disbursement result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            response.onError(StatusMapper.toStatusException(e));
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }
}
