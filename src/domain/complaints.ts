export const COMPLAINT_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];
