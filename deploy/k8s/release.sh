#!/usr/bin/env bash
# Release Atrium to the cluster kubectl points at, migrations first:
#   deploy/k8s/release.sh OVERLAY TAG [IMAGE_PREFIX]
#   deploy/k8s/release.sh prod 3f2c9e1a registry.example.com/atrium
# 1. renders the overlay with both images at TAG (a copy is edited, not the repository);
# 2. applies the namespace, config and this release's migration Job (the objects labelled
#    atrium.io/phase=pre-rollout) and waits for the Job to finish;
# 3. applies everything else and waits for every Deployment to roll out.
# Needs kubectl and kustomize. The Secret "atrium-secrets" must exist (docs/deploy.md).
set -euo pipefail

overlay=${1:?usage: release.sh OVERLAY TAG [IMAGE_PREFIX]}
tag=${2:?usage: release.sh OVERLAY TAG [IMAGE_PREFIX]}
prefix=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cp -r "$here/base" "$here/overlays" "$work/"
cd "$work/overlays/$overlay"
kustomize edit set image \
  "atrium=${prefix:+$prefix/}atrium:$tag" \
  "atrium-web=${prefix:+$prefix/}atrium-web:$tag"
kustomize build . >"$work/atrium.yaml"
namespace=$(awk '/^kind: Namespace$/ { found = 1 } found && /^  name: / { print $2; exit }' \
  "$work/atrium.yaml")
job="job/atrium-migrate-$tag"

if ! kubectl -n "$namespace" get secret atrium-secrets >/dev/null; then
  echo "The Secret atrium-secrets is missing in namespace $namespace: see docs/deploy.md." >&2
  exit 1
fi

echo "Migrating for release $tag in namespace $namespace"
kubectl apply -f "$work/atrium.yaml" -l atrium.io/phase=pre-rollout
if ! kubectl -n "$namespace" wait --for=condition=complete --timeout=15m "$job"; then
  kubectl -n "$namespace" logs "$job" --tail=200 || true
  echo "The migration Job failed: nothing was rolled out." >&2
  exit 1
fi

echo "Rolling out release $tag"
kubectl apply -f "$work/atrium.yaml"
for deployment in $(kubectl -n "$namespace" get deployments -l app.kubernetes.io/part-of=atrium -o name); do
  kubectl -n "$namespace" rollout status "$deployment" --timeout=10m
done
