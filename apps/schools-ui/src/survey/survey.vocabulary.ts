import type { components } from '../api/schema';

export type QuestionnaireView = components['schemas']['QuestionnaireView'];
export type TrackAnswerView = components['schemas']['TrackAnswerView'];
export type CompletionView = components['schemas']['CampaignCompletionView'];
export type AggregatesView = components['schemas']['SurveyAggregatesView'];

export const TRACKS = ['liceale', 'tecnico', 'professionale', 'iefp'] as const;
export type Track = (typeof TRACKS)[number];
export const TRACK_FIGURES = ['enrolled', 'withdrawn', 'transferredOut', 'irregularAttendance', 'neverAttended'] as const;
export type TrackFigure = (typeof TRACK_FIGURES)[number];
export const AREAS = ['milano', 'citta_metropolitana'] as const;

/** A whole number typed into a field, or the text itself so the API names what is wrong with it. */
export function wholeNumber(text: string): number | string {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}
