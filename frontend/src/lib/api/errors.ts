/** An error answer from Atrium: its status and the `detail` it carried. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type ValidationItem = { msg?: string; loc?: (string | number)[] };

/** Turn a `detail` (a sentence, or the list a 422 carries) into one readable message. */
export function detailMessage(body: unknown, status: number): string {
  const detail = (body as { detail?: unknown } | undefined)?.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((item: ValidationItem) => {
        const field = item.loc?.filter((part) => part !== "body").join(".");
        return field ? `${field}: ${item.msg}` : (item.msg ?? "invalid");
      })
      .join("; ");
  }
  return `The request failed (HTTP ${status}).`;
}

/** The data of an openapi-fetch result, or an ApiError thrown with its detail. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiError(result.response.status, detailMessage(result.error, result.response.status));
  }
  return result.data as T;
}
