/**
 * Feature names in words a person reads (the API's `meaning` says how each is computed).
 * A feature missing here falls back to that meaning, so a new feature still reads sensibly.
 */
type Format = "days" | "count" | "percent" | "times" | "pace" | "flag";

const WORDING: Record<string, { label: string; format: Format }> = {
  days_since_item_start: { label: "Days since starting this item", format: "days" },
  days_since_item_activity: { label: "Days since last working on this item", format: "days" },
  days_since_learner_activity: { label: "Days since last learning anything", format: "days" },
  item_attempts: { label: "Attempts on this item", format: "count" },
  item_time_ratio: { label: "Time spent against the item's estimate", format: "times" },
  item_last_score: { label: "Latest score on this item", format: "percent" },
  learner_mean_score: { label: "Average score", format: "percent" },
  learner_items_started: { label: "Items started", format: "count" },
  learner_completion_rate: { label: "Share of started items finished", format: "percent" },
  learner_completions_28d: { label: "Items finished in the last 4 weeks", format: "count" },
  learner_active_days_14d: { label: "Active days in the last 2 weeks", format: "count" },
  learner_streak_days: { label: "Current streak in days", format: "count" },
  pace_vs_org: { label: "Pace against the organization's", format: "pace" },
  item_difficulty: { label: "Item difficulty (1 to 5)", format: "count" },
  prerequisites_met: { label: "Prerequisites completed", format: "percent" },
};

function wordingOf(feature: string, meaning: string): { label: string; format: Format } {
  const known = WORDING[feature];
  if (known) return known;
  if (feature.startsWith("kind_")) return { label: `The item is a ${feature.slice(5)}`, format: "flag" };
  return { label: meaning.charAt(0).toUpperCase() + meaning.slice(1), format: "count" };
}

/** A short label for a feature (chart axes). */
export function featureLabel(feature: string): string {
  return wordingOf(feature, feature.replaceAll("_", " ")).label;
}

function formatValue(value: number, format: Format): string {
  switch (format) {
    case "percent":
      return `${Math.round(value * 100)}%`;
    case "times":
      return `${value.toFixed(1)}×`;
    case "pace":
      return value === 0 ? "the same" : value > 0 ? "faster" : "slower";
    case "flag":
      return value >= 0.5 ? "yes" : "no";
    case "days":
      return `${Math.round(value)} ${Math.round(value) === 1 ? "day" : "days"}`;
    default:
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
}

/** "Days since last working on this item: 12 days (typical here: 3 days)". */
export function reasonText(reason: { feature: string; meaning: string; value: number; org_median: number }): string {
  const { label, format } = wordingOf(reason.feature, reason.meaning);
  return `${label}: ${formatValue(reason.value, format)} (typical here: ${formatValue(reason.org_median, format)})`;
}

/** 0.234 → "23%"; below half a percent, "under 1%" (not a flat 0). */
export function percent(probability: number): string {
  return probability < 0.005 ? "under 1%" : `${Math.round(probability * 100)}%`;
}
