/** What a model user replies, and nothing else, to end the conversation (the seed paper's convention). */
export const STOP_TOKEN = '###STOP###';
