package com.demozpay.gateway.domain;

/**
 * A second disbursement for a product reference (one EWA request, one loan) that already has a live
 * one: one not {@code FAILED}. Two keys for one request would otherwise pay it twice. Nothing is stored
 * and nothing is sent; the caller reads the existing disbursement, and may pay the request again only
 * once that one has failed.
 */
public final class ProductReferenceInUseException extends DisbursementException {

    private final Product product;
    private final String productReference;
    private final DisbursementId existing;

    public ProductReferenceInUseException(Product product, String productReference, DisbursementId existing) {
        super("product_reference " + productReference + " of product " + product
                + " already has disbursement " + existing + ", which has not failed");
        this.product = product;
        this.productReference = productReference;
        this.existing = existing;
    }

    public Product product() {
        return product;
    }

    public String productReference() {
        return productReference;
    }

    /** The live disbursement that holds the product reference. */
    public DisbursementId existing() {
        return existing;
    }
}
