/** The mandatory compliance (GDPR) webhook topics: requests to act on, not resources to load. */
export const COMPLIANCE_TOPICS = ['customers/data_request', 'customers/redact', 'shop/redact'] as const;

export const isComplianceTopic = (topic: string) => (COMPLIANCE_TOPICS as readonly string[]).includes(topic);
