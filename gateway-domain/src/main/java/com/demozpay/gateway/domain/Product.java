package com.demozpay.gateway.domain;

/** What a disbursement pays out: an earned-wage advance or a loan. */
public enum Product {
    EWA,
    LOAN
}
