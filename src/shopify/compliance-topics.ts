/**
 * The mandatory compliance (GDPR) webhook topics: requests to act on, not resources to load. The
 * warehouse's `compliance_topic` enum lists them, so a request of another topic cannot be stored.
 */
import { complianceTopic } from '../warehouse/schema';

export const COMPLIANCE_TOPICS = complianceTopic.enumValues;
