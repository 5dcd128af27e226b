// Reached only through the middleware, which has verified the token and passes on who it is for.
export const dynamic = 'force-dynamic';

export function GET(request) {
  return Response.json({
    room: request.headers.get('x-isometrik-room'),
    participant: request.headers.get('x-isometrik-sub'),
  });
}
