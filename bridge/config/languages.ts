// The languages a call can be set to (LANGUAGE): the caller's usual language, told to the AI in its
// instructions and given to Sautikit's <Say language> (a BCP-47 tag such as "en-KE", per its SDK).
// Gemini's native-audio Live models and OpenAI Realtime pick the spoken language up from the caller
// and the instructions (a language code is only a setting of Gemini's non-native models), so the list
// is the languages Kenyan teams serve callers in, plus common neighbours.
export const CALL_LANGUAGES = {
  'en-KE': 'English (Kenya)',
  'sw-KE': 'Kiswahili (Kenya)',
  'sw-TZ': 'Kiswahili (Tanzania)',
  'en-UG': 'English (Uganda)',
  'en-GB': 'English (United Kingdom)',
  'en-US': 'English (United States)',
  'en-IN': 'English (India)',
  'fr-FR': 'French (France)',
  'ar-EG': 'Arabic (Egypt)',
} as const satisfies Readonly<Record<string, string>>;

export type CallLanguage = keyof typeof CALL_LANGUAGES;

export const CALL_LANGUAGE_CODES = Object.keys(CALL_LANGUAGES) as [CallLanguage, ...CallLanguage[]];
