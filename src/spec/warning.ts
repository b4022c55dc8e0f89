/** Something llmux changed about a request: a dropped, renamed or clamped parameter. Never silent. */
export interface Warning {
  type: 'dropped-param' | 'renamed-param' | 'clamped-param' | 'other';
  param?: string;
  message: string;
}
