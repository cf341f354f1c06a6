{{/*
Name of the chart, overridable with nameOverride.
*/}}
{{- define "relais.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified prefix of resource names: "<release>-relais", or just the release name when it
already contains the chart name (release "relais" gives "relais").
*/}}
{{- define "relais.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Name of the operator's Deployment and of its RBAC objects.
*/}}
{{- define "relais.operatorName" -}}
{{- printf "%s-operator" (include "relais.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Chart label value: "relais-0.1.0".
*/}}
{{- define "relais.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels that select the operator pods; they must never change between upgrades.
*/}}
{{- define "relais.selectorLabels" -}}
app.kubernetes.io/name: {{ include "relais.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/*
Labels of every object the chart creates.
*/}}
{{- define "relais.labels" -}}
helm.sh/chart: {{ include "relais.chart" . }}
{{ include "relais.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: relais
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
ServiceAccount the operator runs as.
*/}}
{{- define "relais.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "relais.operatorName" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Lease used for leader election.
*/}}
{{- define "relais.leaseName" -}}
{{- default (include "relais.operatorName" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/*
Operator image reference.
*/}}
{{- define "relais.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
Watched namespaces, de-duplicated (empty list: all namespaces).
*/}}
{{- define "relais.watchNamespaces" -}}
{{- .Values.watchNamespaces | uniq | join "," }}
{{- end }}

{{/*
What the operator may do in a watched namespace (or cluster-wide), and nothing more. Shared by
the ClusterRole and the per-namespace Roles so both modes grant exactly the same rules.
- The five relais.dev kinds: read and watch them, add/remove its finalizer (update/patch), write
  their status. It never creates or deletes them: users do.
- The "/finalizers" subresource: setting blockOwnerDeletion on owner references of the objects
  it creates requires "update" on it where OwnerReferencesPermissionEnforcement is enabled.
- Deployments, Services, ConfigMaps of the service suite: full lifecycle.
- ServiceAccounts, PodDisruptionBudgets and NetworkPolicies of the service suite: likewise.
- Events: reported on the custom resources when reconciliation fails or changes phase.
Deliberately absent: Secrets (credentials reach the pods through secretKeyRef, the operator
never reads them), CustomResourceDefinitions, Pods, Namespaces, and any wildcard.
*/}}
{{- define "relais.operatorRules" -}}
- apiGroups: ["relais.dev"]
  resources: ["smsplatforms", "smpproutes", "senderids", "segments", "campaigns"]
  verbs: ["get", "list", "watch", "update", "patch"]
- apiGroups: ["relais.dev"]
  resources: ["smsplatforms/status", "smpproutes/status", "senderids/status", "segments/status", "campaigns/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["relais.dev"]
  resources: ["smsplatforms/finalizers", "smpproutes/finalizers", "senderids/finalizers", "segments/finalizers", "campaigns/finalizers"]
  verbs: ["update"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["services", "configmaps", "serviceaccounts"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# An SmsPlatform with spec.tls.mode CertManager: one Certificate per component (never a Secret).
- apiGroups: ["cert-manager.io"]
  resources: ["certificates"]
  verbs: ["get", "list", "create", "update", "delete"]
{{- end }}

{{/* Secret with the operator's own certificate; empty without one. */}}
{{- define "relais.tlsSecretName" -}}
{{- if .Values.tls.secretName -}}
{{- .Values.tls.secretName -}}
{{- else if .Values.tls.certManager.issuerRef.name -}}
{{- printf "%s-tls" (include "relais.operatorName" .) -}}
{{- end -}}
{{- end }}
