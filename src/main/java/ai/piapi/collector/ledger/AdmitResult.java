package ai.piapi.collector.ledger;

/** What an intake did to the ledger. */
public record AdmitResult(int accepted, int reopened, int duplicates) {
    public AdmitResult plus(AdmitResult other) {
        return new AdmitResult(accepted + other.accepted, reopened + other.reopened, duplicates + other.duplicates);
    }
}
