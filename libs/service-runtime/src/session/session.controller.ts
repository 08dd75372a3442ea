import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal, Public, readDevPrivateKey, ROLES, signDevToken } from '@casenet/auth';
import type { ServiceConfig } from '../service.config.js';
import { SERVICE_CONFIG } from '../service-core.tokens.js';
import { DevLoginDto, DevTokenView, SessionConfigView, SessionView } from './session.dto.js';

const DEFAULT_LIFETIME_S = 8 * 3600;

/** What the caseworkers' UI needs to sign in, and to know whom this service takes it for. */
@ApiTags('session')
@Controller('session')
export class SessionController {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  @Public()
  @Get('config')
  @ApiOperation({ summary: 'How the UI signs in: the OIDC provider, or the local dev login' })
  @ApiOkResponse({ type: SessionConfigView })
  settings(): SessionConfigView {
    return { agency: this.config.agency, devLogin: Boolean(this.config.ui.devLogin), oidc: this.config.ui.oidc ?? null };
  }

  @Allow(...ROLES)
  @ApiBearerAuth()
  @Get()
  @ApiOperation({ summary: 'The caller as this service accepts it (403 for another agency’s token)' })
  @ApiOkResponse({ type: SessionView })
  whoami(@CurrentPrincipal() principal: Principal): SessionView {
    return { subject: principal.subject, agency: principal.agency, roles: principal.roles, schoolCodes: principal.schoolCodes };
  }

  @Public()
  @Post('dev-token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dev login: a dev-issuer token for the chosen role (404 unless the dev issuer is configured)' })
  @ApiOkResponse({ type: DevTokenView })
  @ApiNotFoundResponse({ description: 'No dev login here: this service signs in with its OIDC provider' })
  async devToken(@Body() body: DevLoginDto): Promise<DevTokenView> {
    const devLogin = this.config.ui.devLogin;
    if (!devLogin) throw new NotFoundException('there is no dev login on this service; sign in with the identity provider');
    const lifetime = body.expiresInSeconds ?? DEFAULT_LIFETIME_S;
    const accessToken = await signDevToken(readDevPrivateKey({ privateKeyPath: devLogin.privateKeyFile, publicKeyPath: '' }), {
      agency: body.agency,
      roles: [body.role],
      schoolCodes: body.schoolCodes,
      expiresIn: `${lifetime}s`,
    });
    // The token's own exp is set by the wall clock (jose); the view reports the same instant.
    return { accessToken, expiresAt: new Date(Date.now() + lifetime * 1000).toISOString() };
  }
}
