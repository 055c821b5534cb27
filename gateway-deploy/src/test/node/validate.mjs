// Reads the multi-document YAML that `kubectl kustomize` renders on standard input and validates every
// object against the Kubernetes schema of its apiVersion and kind (kubernetes-models, the OpenAPI
// schemas of Kubernetes and of the Prometheus operator's CRDs). Prints one line per object; exits 1 if
// any object is invalid or of a kind no schema here knows.
import { parseAllDocuments } from "yaml";
import { readFileSync } from "node:fs";

const packages = {
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

function modulePath(apiVersion) {
  if (packages[apiVersion]) return packages[apiVersion];
  return apiVersion.includes("/") ? `kubernetes-models/${apiVersion}` : `kubernetes-models/v1`;
}

let failures = 0;
const docs = parseAllDocuments(readFileSync(0, "utf8"));
for (const doc of docs) {
  if (doc.errors.length > 0) {
    console.log(`INVALID yaml: ${doc.errors.map((e) => e.message).join("; ")}`);
    failures++;
    continue;
  }
  const object = doc.toJS();
  if (object === null) continue;
  if (object.kind === "Secret" && object.data) {
    // kustomize wraps long base64 values over lines; the API server's decoder (Go's) skips the newlines.
    for (const key of Object.keys(object.data)) object.data[key] = object.data[key].replace(/\s+/g, "");
  }
  const name = `${object.apiVersion} ${object.kind} ${object.metadata?.namespace ?? "-"}/${object.metadata?.name}`;
  try {
    const models = await import(modulePath(object.apiVersion));
    const Model = models[object.kind];
    if (!Model) throw new Error(`no schema for kind ${object.kind}`);
    new Model(object).validate();
    console.log(`valid ${name}`);
  } catch (error) {
    console.log(`INVALID ${name}: ${error.message.replace(/\s+/g, " ")}`);
    failures++;
  }
}
if (docs.length === 0) {
  console.log("INVALID: no objects on standard input");
  failures++;
}
process.exit(failures === 0 ? 0 : 1);
