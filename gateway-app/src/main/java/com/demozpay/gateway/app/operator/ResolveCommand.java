package com.demozpay.gateway.app.operator;

import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.InvalidRequestException;
import com.demozpay.gateway.domain.OperatorResolution;
import com.demozpay.gateway.ports.in.DisbursementNotFoundException;
import com.demozpay.gateway.ports.in.ResolveDisbursementUseCase;
import com.demozpay.gateway.ports.in.ResolveDisbursementUseCase.Resolution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code resolve}: an operator ends a disbursement by hand. The request is checked whole before anything
 * is opened; then the use case asks the bank, weighs the rules and writes the audited transition. The
 * bank's answer is always printed; a refusal changes nothing and exits with its own code
 * ({@link ExitCodes#of}). Both outcomes are logged with who asked and why.
 */
public record ResolveCommand(DisbursementId id, OperatorResolution request, Arguments arguments) {

    public static final String USAGE = "gateway resolve ID --to SETTLED|FAILED --reason TEXT --operator NAME"
            + " [--override REASON] [--json]";

    private static final Logger log = LoggerFactory.getLogger(ResolveCommand.class);

    public static ResolveCommand parse(List<String> args) throws UsageException {
        Arguments parsed = Arguments.parse(args, Set.of("to", "reason", "operator", "override"), Set.of("json"));
        String id = parsed.positional(1, "a disbursement id").get(0);
        String to = parsed.required("to");
        if (!to.equals("SETTLED") && !to.equals("FAILED")) {
            throw new UsageException("--to must be SETTLED or FAILED");
        }
        try {
            return new ResolveCommand(DisbursementId.parse(id, "ID"), new OperatorResolution(DisbursementStatus.valueOf(to),
                    parsed.required("operator"), parsed.required("reason"), parsed.option("override")), parsed);
        } catch (InvalidRequestException invalid) {
            throw new UsageException(invalid.getMessage());
        }
    }

    public int run(ResolveDisbursementUseCase useCase, Output.Factory output) {
        Resolution resolution;
        try {
            resolution = useCase.resolve(id, request);
        } catch (DisbursementNotFoundException notFound) {
            log.atError().setMessage("resolution refused").addKeyValue("disbursement_id", id.toString())
                    .addKeyValue("refusal", "NOT_FOUND").addKeyValue("operator", request.operator()).log();
            output.of(arguments).record(Map.of("result", "not_found", "disbursement_id", id.toString()));
            return ExitCodes.NOT_FOUND;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (resolution instanceof Resolution.Resolved resolved) {
            log.atInfo().setMessage("disbursement resolved").addKeyValue("disbursement_id", id.toString())
                    .addKeyValue("from", resolved.before().status().name())
                    .addKeyValue("to", resolved.after().status().name())
                    .addKeyValue("operator", request.operator()).addKeyValue("reason", request.reason())
                    .addKeyValue("override", resolved.overridden() ? request.override().orElse("") : "")
                    .addKeyValue("bank_answer", resolved.bank().describe()).log();
            fields.put("result", "resolved");
            fields.put("from", resolved.before().status().name());
            fields.put("to", resolved.after().status().name());
            fields.put("overridden", resolved.overridden());
            fields.put("bank_answer", resolved.bank().describe());
            fields.put("disbursement", DisbursementView.of(resolved.after()).fields());
            output.of(arguments).record(fields);
            return 0;
        }
        Resolution.Refused refused = (Resolution.Refused) resolution;
        log.atWarn().setMessage("resolution refused").addKeyValue("disbursement_id", id.toString())
                .addKeyValue("refusal", refused.refusal().name()).addKeyValue("status", refused.current().status().name())
                .addKeyValue("operator", request.operator()).addKeyValue("reason", request.reason())
                .addKeyValue("bank_answer", refused.bank().describe()).addKeyValue("err", refused.detail()).log();
        fields.put("result", "refused");
        fields.put("refusal", refused.refusal().name());
        fields.put("detail", refused.detail());
        fields.put("status", refused.current().status().name());
        fields.put("bank_answer", refused.bank().describe());
        output.of(arguments).record(fields);
        return ExitCodes.of(refused.refusal());
    }
}
