/**
 * GENERATED FILE: do not edit. Run `pnpm generate` after changing openapi/workflows.yaml.
 */

export interface paths {
    "/v1/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a workflow run */
        post: operations["createRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/{workflow_run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a workflow run */
        get: operations["retrieveRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start one run per row of a CSV file */
        post: operations["createBulkRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/runs/bulk/{bulk_run_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a bulk run */
        get: operations["retrieveBulkRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    runFinished: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A run reached a final status
         * @description Sent to the run's `webhook_url`, signed per the Standard Webhooks specification. Delivery is at least once: every attempt of one delivery carries the same `webhook-id`.
         */
        post: operations["runFinished"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    bulkRunFinished: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A bulk run reached a final status
         * @description Sent to the bulk run's `webhook_url`, signed and retried like `runFinished`. The body is the bulk run, so one URL can receive both. Receivers tell the two apart by the body's shape (a bulk run has `input_csv_url` and `row_count`, a run has neither), never by the id's prefix (Leap's bulk ids start with `bulk_`; nothing promises that they always will).
         */
        post: operations["bulkRunFinished"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /**
         * @description `queued` and `running` are in progress; every other value is final. The docs page names `completed`, `running` and `failed`; Leap's published schema adds `queued` and `cancelled`. The enum is open: clients accept any string here and treat a status they do not know as final, so they never crash on one nor wait forever on it.
         * @enum {string}
         */
        RunStatus: "queued" | "running" | "completed" | "failed" | "cancelled";
        /** @description The docs page names the workflow's inputs `inputs`; Leap's published schema and its official SDK name them `input`. Clients send both names with the same value, so the inputs reach a server that reads either. Sending one name would silently lose the inputs on a server that reads the other; sending both risks only a server that refuses fields it does not know, which neither document describes (Leap's published schema allows fields it does not name). Callers may pass either name; when both are given they must be equal (a ValidationError names both otherwise). Servers accept either or both; both with different values is a 400 error naming both. */
        CreateRunRequest: {
            /** @description Unique ID of the workflow to run, e.g. `wkf_i3F5UjpZ2Vg`. */
            workflow_id: string;
            /**
             * Format: uri
             * @description Receives the run object when the run completes or fails.
             */
            webhook_url?: string;
            /** @description Inputs passed to the workflow (the docs page's name). */
            inputs?: {
                [key: string]: unknown;
            };
            /** @description Inputs passed to the workflow (the published schema's and the official SDK's name). */
            input?: {
                [key: string]: unknown;
            };
        };
        /** @description A run, as the API returns it and as a webhook delivers it. `input`, `output`, `error`, `started_at` and `ended_at` may be null, as in Leap's published schema (a run created without inputs has `input: null`). */
        WorkflowRun: {
            /** @description Unique ID of the workflow run, e.g. `rnp_x3p27VQk6MyJfLe`. */
            id: string;
            /** @description Version of the workflow being run, e.g. `vsp_…`. */
            version_id: string;
            status: components["schemas"]["RunStatus"];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            started_at: string | null;
            /** Format: date-time */
            ended_at: string | null;
            workflow_id: string;
            /** @description Why the run failed, or null. */
            error: string | null;
            /** @description Inputs used in the workflow, or null when it was started without inputs (Leap's published default). The dev server sends `{}` then, valid under both of Leap's documents. */
            input: {
                [key: string]: unknown;
            } | null;
            /** @description Output of the workflow, or null if it failed or has not finished. Any JSON value (the docs page says `unknown | null`; the published schema says object or null). */
            output: unknown;
        };
        CreateBulkRunRequest: {
            workflow_id: string;
            /**
             * Format: uri
             * @description A CSV whose header row names the inputs; each further row becomes one run.
             */
            input_csv_url: string;
            /**
             * Format: uri
             * @description Receives the bulk run object when it completes or fails.
             */
            webhook_url?: string;
        };
        /** @description A bulk run: one run per row of the CSV at `input_csv_url`. Its `input_csv_url` and `row_count` (which a run has not) tell it from a run in a webhook body. */
        BulkRun: {
            /** @description e.g. `bulk_9Nmenl7rxIu2FiSsnqNyTe9G` (Leap's example); never rely on the prefix. */
            id: string;
            version_id: string;
            status: components["schemas"]["RunStatus"];
            /** Format: date-time */
            created_at: string;
            workflow_id: string;
            input_csv_url: string;
            output_csv_url: string | null;
            error: string | null;
            /** @description How many rows (runs) the CSV has. Leap's published schema says a number; clients also accept null, which no document promises but which costs nothing to accept. The dev server always sends an integer: 0 until it has read the CSV (and when reading it failed), then the number of rows. */
            row_count: number | null;
        };
        ErrorResponse: {
            error: {
                /** @description Machine-readable kind, e.g. `invalid_request`, `not_found`. */
                type: string;
                /** @description What went wrong and how to fix it. */
                message: string;
            };
        };
    };
    responses: {
        /** @description The API key is missing or wrong. Leap's published schema documents this answer with no body at all; the dev server sends an ErrorResponse. Clients handle both (the error says to check the key and its `X-Api-Key` header). */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /** @description The request failed; the body says why. */
        Error: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        /** @description Unique per delivery, identical on every retry of it. */
        WebhookId: string;
        /** @description Unix seconds when this attempt was signed. */
        WebhookTimestamp: string;
        /** @description Space-separated `v1,<base64 HMAC-SHA256>` over `${id}.${timestamp}.${body}`. */
        WebhookSignature: string;
        /** @description Not in Leap's documents; servers that do not know it ignore it. Repeating a POST with the same key (per API key) returns the first request's run or bulk run as it is now (its current status, not a copy of the first answer) with 200, instead of starting new work. The same key with a different body is a 409 error. An empty value is accepted and means no key (nothing is replayed); a value over 255 characters is a 400 error. */
        IdempotencyKey: string;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    createRun: {
        parameters: {
            query?: never;
            header?: {
                /** @description Not in Leap's documents; servers that do not know it ignore it. Repeating a POST with the same key (per API key) returns the first request's run or bulk run as it is now (its current status, not a copy of the first answer) with 200, instead of starting new work. The same key with a different body is a 409 error. An empty value is accepted and means no key (nothing is replayed); a value over 255 characters is a 400 error. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRunRequest"];
            };
        };
        responses: {
            /** @description The run was created (or, for a repeated Idempotency-Key, was created by the first request: see the header). 200 as in Leap's published schema, also on a replay; clients accept any 2xx. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            400: components["responses"]["Error"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["Error"];
            409: components["responses"]["Error"];
            413: components["responses"]["Error"];
            422: components["responses"]["Error"];
            429: components["responses"]["Error"];
            500: components["responses"]["Error"];
        };
    };
    retrieveRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workflow_run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run as it is now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowRun"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["Error"];
            429: components["responses"]["Error"];
            500: components["responses"]["Error"];
        };
    };
    createBulkRun: {
        parameters: {
            query?: never;
            header?: {
                /** @description Not in Leap's documents; servers that do not know it ignore it. Repeating a POST with the same key (per API key) returns the first request's run or bulk run as it is now (its current status, not a copy of the first answer) with 200, instead of starting new work. The same key with a different body is a 409 error. An empty value is accepted and means no key (nothing is replayed); a value over 255 characters is a 400 error. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateBulkRunRequest"];
            };
        };
        responses: {
            /** @description The bulk run was created (or, for a repeated Idempotency-Key, was created by the first request: see the header). 200 as in Leap's published schema, also on a replay; clients accept any 2xx. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkRun"];
                };
            };
            400: components["responses"]["Error"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["Error"];
            409: components["responses"]["Error"];
            413: components["responses"]["Error"];
            422: components["responses"]["Error"];
            429: components["responses"]["Error"];
            500: components["responses"]["Error"];
        };
    };
    retrieveBulkRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                bulk_run_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bulk run as it is now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BulkRun"];
                };
            };
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["Error"];
            429: components["responses"]["Error"];
            500: components["responses"]["Error"];
        };
    };
    runFinished: {
        parameters: {
            query?: never;
            header: {
                /** @description Unique per delivery, identical on every retry of it. */
                "webhook-id": components["parameters"]["WebhookId"];
                /** @description Unix seconds when this attempt was signed. */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /** @description Space-separated `v1,<base64 HMAC-SHA256>` over `${id}.${timestamp}.${body}`. */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowRun"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the delivery; anything else is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    bulkRunFinished: {
        parameters: {
            query?: never;
            header: {
                /** @description Unique per delivery, identical on every retry of it. */
                "webhook-id": components["parameters"]["WebhookId"];
                /** @description Unix seconds when this attempt was signed. */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /** @description Space-separated `v1,<base64 HMAC-SHA256>` over `${id}.${timestamp}.${body}`. */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BulkRun"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the delivery; anything else is retried. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
