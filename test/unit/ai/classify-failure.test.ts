import { describe, expect, it } from 'vitest';
import {
  geminiCloseError,
  handshakeError,
  handshakeStatus,
  openAiCloseError,
  openAiEventError,
} from '../../../bridge/ai/classify-failure';

describe('failure classification', () => {
  it('reads Gemini close frames', () => {
    expect(geminiCloseError(1008, 'API key not valid. Please pass a valid API key.').code).toBe(
      'AI_AUTH_FAILED',
    );
    expect(
      geminiCloseError(1011, 'You exceeded your current quota, please check your plan and billing details.')
        .code,
    ).toBe('AI_QUOTA');
    expect(geminiCloseError(1011, 'RESOURCE_EXHAUSTED').code).toBe('AI_QUOTA');
    expect(
      geminiCloseError(
        1008,
        'models/x is not found for API version v1beta, or is not supported for bidiGenerateContent',
      ).code,
    ).toBe('AI_MODEL_UNAVAILABLE');
    expect(geminiCloseError(1007, 'Request contains an invalid argument.').code).toBe('AI_BAD_REQUEST');
    const internal = geminiCloseError(1011, 'Internal error occurred.');
    expect(internal.code).toBe('AI_SERVER_ERROR');
    expect(internal.retryable).toBe(true);
    expect(geminiCloseError(1006, '').code).toBe('AI_SOCKET_CLOSED');
  });

  it('reads a refused handshake', () => {
    expect(handshakeStatus('Unexpected server response: 401')).toBe(401);
    expect(handshakeStatus('connect ECONNREFUSED 127.0.0.1:9')).toBeNull();
    expect(handshakeError('OpenAI', 403).code).toBe('AI_AUTH_FAILED');
    expect(handshakeError('Gemini', 429).code).toBe('AI_QUOTA');
    expect(handshakeError('Gemini', 404).code).toBe('AI_MODEL_UNAVAILABLE');
    expect(handshakeError('Gemini', 503).code).toBe('AI_SERVER_ERROR');
  });

  it('reads OpenAI error events, fatal or not', () => {
    expect(
      openAiEventError({
        type: 'invalid_request_error',
        code: 'invalid_api_key',
        message: 'Incorrect API key',
      }),
    ).toMatchObject({
      fatal: true,
      error: { code: 'AI_AUTH_FAILED' },
    });
    expect(openAiEventError({ type: 'insufficient_quota', code: 'insufficient_quota' }).error.code).toBe(
      'AI_QUOTA',
    );
    expect(openAiEventError({ type: 'invalid_request_error', code: 'session_expired' }).error.code).toBe(
      'AI_SESSION_EXPIRED',
    );
    expect(openAiEventError({ type: 'server_error', code: null, message: 'oops' }).error.code).toBe(
      'AI_SERVER_ERROR',
    );
    expect(
      openAiEventError({ type: 'invalid_request_error', code: 'response_cancel_not_active' }),
    ).toMatchObject({
      fatal: false,
      error: { code: 'AI_BAD_REQUEST' },
    });
  });

  it('reads OpenAI close reasons', () => {
    expect(openAiCloseError(3000, 'invalid_request_error.invalid_api_key').code).toBe('AI_AUTH_FAILED');
    expect(openAiCloseError(1006, '').code).toBe('AI_SOCKET_CLOSED');
    expect(openAiCloseError(1000, 'bye').code).toBe('AI_SOCKET_CLOSED');
  });
});
