/// The OpenAPI 3.1 document served at `/api/v1/openapi.yaml`. A test checks that it names exactly the routes of
/// the router (methods and paths), so a route cannot be added or removed without updating it here.
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.1.0
info:
  title: entrust
  version: 0.1.0
  description: |
    The JSON API of entrust (VBSP entrustment), its operations endpoints and its server-rendered pages.
    Sign in with the session cookie (send X-CSRF-Token on changes) or an API token (Authorization: Bearer ent_…).
    Errors are application/problem+json (RFC 9457) with a `field` when one field is wrong. Objects outside the
    account's scope answer 404.
servers:
  - url: /
security:
  - bearer: []
  - session: []
paths:
  /healthz:
    get:
      operationId: get_healthz
      summary: "The database answers (200) or not (503)"
      tags: [operations]
      security: []
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Health'}
        '503': {$ref: '#/components/responses/Unavailable'}
  /metrics:
    get:
      operationId: get_metrics
      summary: "Prometheus text: requests by route and status, outbox depth, deliveries, last planner run"
      tags: [operations]
      security: []
      responses:
        '200':
          description: OK
          content:
            text/plain:
              schema: {type: string}
  /api/v1/me:
    get:
      operationId: get_me
      summary: "The signed-in account, its role and scope"
      tags: [accounts]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Account'}
        '401': {$ref: '#/components/responses/Unauthorized'}
  /api/v1/contracts:
    get:
      operationId: get_contracts
      summary: "Contracts in scope"
      tags: [contracts]
      parameters:
        - {name: state, in: query, required: false, schema: {type: string}, description: "Contract state"}
        - {name: association, in: query, required: false, schema: {type: string}, description: "Association code"}
        - {name: kind, in: query, required: false, schema: {type: string}, description: "Contract kind"}
        - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 200}, description: "Page size, 1–200 (default 50)"}
        - {name: offset, in: query, required: false, schema: {type: integer, minimum: 0, maximum: 10000000}, description: "Rows to skip, 0–10,000,000 (default 0)"}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ContractPage'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
    post:
      operationId: post_contracts
      summary: "Create a draft contract from a template (maker)"
      tags: [contracts]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ContractDraft'}
      responses:
        '201':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Contract'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/contracts/{number}:
    get:
      operationId: get_contracts_number
      summary: "A contract with versions, changes and obligation counts"
      tags: [contracts]
      parameters:
        - {name: number, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ContractDetail'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
  /api/v1/contracts/{number}/obligations:
    get:
      operationId: get_contracts_number_obligations
      summary: "A contract's obligations timeline"
      tags: [contracts]
      parameters:
        - {name: number, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ObligationList'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
  /api/v1/contracts/{number}/submit:
    post:
      operationId: post_contracts_number_submit
      summary: "Submit a draft for approval (maker)"
      tags: [contracts]
      parameters:
        - {name: number, in: path, required: true, schema: {type: string}}
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ContractAction'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Contract'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/contracts/{number}/approve:
    post:
      operationId: post_contracts_number_approve
      summary: "Approve the pending change (checker; body: note)"
      tags: [contracts]
      parameters:
        - {name: number, in: path, required: true, schema: {type: string}}
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ContractAction'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Contract'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/contracts/{number}/reject:
    post:
      operationId: post_contracts_number_reject
      summary: "Reject the pending change (checker; body: reason)"
      tags: [contracts]
      parameters:
        - {name: number, in: path, required: true, schema: {type: string}}
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ContractAction'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Contract'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/contracts/{number}/suspend:
    post:
      operationId: post_contracts_number_suspend
      summary: "Request suspension (body: reason)"
      tags: [contracts]
      parameters:
        - {name: number, in: path, required: true, schema: {type: string}}
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ContractAction'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Contract'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/contracts/{number}/resume:
    post:
      operationId: post_contracts_number_resume
      summary: "Resume a suspended contract"
      tags: [contracts]
      parameters:
        - {name: number, in: path, required: true, schema: {type: string}}
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ContractAction'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Contract'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/contracts/{number}/terminate:
    post:
      operationId: post_contracts_number_terminate
      summary: "Request termination (body: reason, merged_into)"
      tags: [contracts]
      parameters:
        - {name: number, in: path, required: true, schema: {type: string}}
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ContractAction'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Contract'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/contracts/{number}/amend:
    post:
      operationId: post_contracts_number_amend
      summary: "Request an amendment (maker)"
      tags: [contracts]
      parameters:
        - {name: number, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Amendment'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Contract'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/obligations:
    get:
      operationId: get_obligations
      summary: "Obligations in scope"
      tags: [obligations]
      parameters:
        - {name: status, in: query, required: false, schema: {type: string}, description: "open, late, pending, done, waived (groups: active, merged, dissolved)"}
        - {name: contract, in: query, required: false, schema: {type: string}, description: "Contract number"}
        - {name: association, in: query, required: false, schema: {type: string}, description: "Association code"}
        - {name: due_from, in: query, required: false, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'}, description: "First due date, YYYY-MM-DD, years 1900–2200"}
        - {name: due_to, in: query, required: false, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'}, description: "Last due date, YYYY-MM-DD, years 1900–2200"}
        - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 200}, description: "Page size, 1–200 (default 50)"}
        - {name: offset, in: query, required: false, schema: {type: integer, minimum: 0, maximum: 10000000}, description: "Rows to skip, 0–10,000,000 (default 0)"}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ObligationPage'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
  /api/v1/obligations/{ref}:
    get:
      operationId: get_obligations_ref
      summary: "One obligation occurrence (CONTRACT:CODE:PERIOD)"
      tags: [obligations]
      parameters:
        - {name: ref, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Obligation'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
  /api/v1/obligations/{ref}/complete:
    post:
      operationId: post_obligations_ref_complete
      summary: "Mark done with evidence"
      tags: [obligations]
      parameters:
        - {name: ref, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Completion'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Obligation'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/obligations/{ref}/waive:
    post:
      operationId: post_obligations_ref_waive
      summary: "Waive with a reason (bank)"
      tags: [obligations]
      parameters:
        - {name: ref, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Waiver'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Obligation'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/groups:
    get:
      operationId: get_groups
      summary: "Savings and Loan Groups in scope"
      tags: [groups]
      parameters:
        - {name: association, in: query, required: false, schema: {type: string}, description: "Association code"}
        - {name: commune, in: query, required: false, schema: {type: string}, description: "Commune code"}
        - {name: status, in: query, required: false, schema: {type: string}, description: "open, late, pending, done, waived (groups: active, merged, dissolved)"}
        - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 200}, description: "Page size, 1–200 (default 50)"}
        - {name: offset, in: query, required: false, schema: {type: integer, minimum: 0, maximum: 10000000}, description: "Rows to skip, 0–10,000,000 (default 0)"}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/GroupPage'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
  /api/v1/groups/{code}:
    get:
      operationId: get_groups_code
      summary: "One group"
      tags: [groups]
      parameters:
        - {name: code, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Group'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
  /api/v1/groups/{code}/members:
    get:
      operationId: get_groups_code_members
      summary: "A group's active members"
      tags: [groups]
      parameters:
        - {name: code, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/MemberList'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
  /api/v1/groups/{code}/board:
    get:
      operationId: get_groups_code_board
      summary: "A group's board terms"
      tags: [groups]
      parameters:
        - {name: code, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/BoardList'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
  /api/v1/meetings:
    get:
      operationId: get_meetings
      summary: "Meeting occurrences in scope"
      tags: [meetings]
      parameters:
        - {name: group, in: query, required: false, schema: {type: string}, description: "Group code"}
        - {name: kind, in: query, required: false, schema: {type: string}, description: "Meeting kind"}
        - {name: from, in: query, required: false, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'}, description: "First day, YYYY-MM-DD, years 1900–2200"}
        - {name: to, in: query, required: false, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'}, description: "Last day, YYYY-MM-DD, years 1900–2200"}
        - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 200}, description: "Page size, 1–200 (default 50)"}
        - {name: offset, in: query, required: false, schema: {type: integer, minimum: 0, maximum: 10000000}, description: "Rows to skip, 0–10,000,000 (default 0)"}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/MeetingPage'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
    post:
      operationId: post_meetings
      summary: "Schedule a meeting series"
      tags: [meetings]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/MeetingSeries'}
      responses:
        '201':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Scheduled'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/meetings/{ref}:
    get:
      operationId: get_meetings_ref
      summary: "One occurrence (SERIES@YYYY-MM-DD)"
      tags: [meetings]
      parameters:
        - {name: ref, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Meeting'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
  /api/v1/meetings/{ref}/move:
    post:
      operationId: post_meetings_ref_move
      summary: "Move an occurrence"
      tags: [meetings]
      parameters:
        - {name: ref, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Move'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Meeting'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/meetings/{ref}/cancel:
    post:
      operationId: post_meetings_ref_cancel
      summary: "Cancel an occurrence"
      tags: [meetings]
      parameters:
        - {name: ref, in: path, required: true, schema: {type: string}}
      requestBody:
        required: false
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Cancel'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Meeting'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/meetings/{ref}/attendance:
    get:
      operationId: get_meetings_ref_attendance
      summary: "Attendance recorded at an occurrence"
      tags: [meetings]
      parameters:
        - {name: ref, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/AttendanceList'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
    put:
      operationId: put_meetings_ref_attendance
      summary: "Record attendance"
      tags: [meetings]
      parameters:
        - {name: ref, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Attendance'}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Meeting'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/trainings:
    get:
      operationId: get_trainings
      summary: "Trainings in scope"
      tags: [trainings]
      parameters:
        - {name: from, in: query, required: false, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'}, description: "First day, YYYY-MM-DD, years 1900–2200"}
        - {name: to, in: query, required: false, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'}, description: "Last day, YYYY-MM-DD, years 1900–2200"}
        - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 200}, description: "Page size, 1–200 (default 50)"}
        - {name: offset, in: query, required: false, schema: {type: integer, minimum: 0, maximum: 10000000}, description: "Rows to skip, 0–10,000,000 (default 0)"}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/TrainingPage'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
  /api/v1/trainings/{code}/enrolments:
    post:
      operationId: post_trainings_code_enrolments
      summary: "Enrol trainees"
      tags: [trainings]
      parameters:
        - {name: code, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Enrolment'}
      responses:
        '201':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Training'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/outbox:
    get:
      operationId: get_outbox
      summary: "Outbox messages (admin)"
      tags: [admin]
      parameters:
        - {name: state, in: query, required: false, schema: {type: string}, description: "Outbox state"}
        - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 500}, description: "Page size, 1–500 (default 50)"}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/OutboxList'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
  /api/v1/outbox/counts:
    get:
      operationId: get_outbox_counts
      summary: "Outbox messages by state (admin)"
      tags: [admin]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/OutboxCounts'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
  /api/v1/outbox/{id}/retry:
    post:
      operationId: post_outbox_id_retry
      summary: "Send a dead or cancelled message again (admin)"
      tags: [admin]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/OutboxMessage'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
  /api/v1/endpoints:
    get:
      operationId: get_endpoints
      summary: "Webhook endpoints, without secrets (admin)"
      tags: [admin]
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/EndpointList'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
  /api/v1/evaluations:
    get:
      operationId: get_evaluations
      summary: "Group scores per month: inputs, ratio and points per criterion, total and class (scoped; newest month first)"
      tags: [evaluations]
      parameters:
        - {name: month, in: query, required: false, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])$'}, description: "YYYY-MM, years 1900–2200; every evaluated month when absent"}
        - {name: group, in: query, required: false, schema: {type: string}, description: "Group code (404 outside the caller's scope)"}
        - {name: association, in: query, required: false, schema: {type: string}, description: "Association code (404 outside the caller's scope)"}
        - {name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: 200}}
        - {name: offset, in: query, required: false, schema: {type: integer, minimum: 0, maximum: 10000000}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ScorePage'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
        '501': {$ref: '#/components/responses/NotAvailable'}
  /api/v1/fees:
    get:
      operationId: get_fees
      summary: "Entrustment fee statements per commune association and group commissions of a month (officers: their association's)"
      tags: [evaluations]
      parameters:
        - {name: month, in: query, required: true, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])$'}, description: "YYYY-MM, years 1900–2200"}
        - {name: office, in: query, required: false, schema: {type: string}, description: "Transaction office code (bank staff: only their own; default: the only office, else all)"}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/FeeReport'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
        '501': {$ref: '#/components/responses/NotAvailable'}
  /api/v1/reports/district:
    get:
      operationId: get_reports_district
      summary: "District report of a month: classes, outstanding, overdue, communes, savings, plan (bank staff)"
      tags: [evaluations]
      parameters:
        - {name: month, in: query, required: true, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])$'}, description: "YYYY-MM, years 1900–2200"}
        - {name: office, in: query, required: false, schema: {type: string}, description: "Transaction office code (bank staff: only their own; default: the only office, else all)"}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/DistrictReport'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
        '501': {$ref: '#/components/responses/NotAvailable'}
  /api/v1/reports/commune:
    get:
      operationId: get_reports_commune
      summary: "One line per commune of the office for a month (bank staff)"
      tags: [evaluations]
      parameters:
        - {name: month, in: query, required: true, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])$'}, description: "YYYY-MM, years 1900–2200"}
        - {name: office, in: query, required: false, schema: {type: string}, description: "Transaction office code (bank staff: only their own; default: the only office, else all)"}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Rows'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '403': {$ref: '#/components/responses/Forbidden'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
        '501': {$ref: '#/components/responses/NotAvailable'}
  /api/v1/reports/association:
    get:
      operationId: get_reports_association
      summary: "Commune associations' evaluations and roll-ups by office, province and kind (officers: their own)"
      tags: [evaluations]
      parameters:
        - {name: month, in: query, required: true, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])$'}, description: "YYYY-MM, years 1900–2200"}
        - {name: office, in: query, required: false, schema: {type: string}, description: "Transaction office code (bank staff: only their own; default: the only office, else all)"}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/AssociationReport'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
        '501': {$ref: '#/components/responses/NotAvailable'}
  /api/v1/reports/group:
    get:
      operationId: get_reports_group
      summary: "Every evaluated group of the month in scope, worst first, with points per criterion"
      tags: [evaluations]
      parameters:
        - {name: month, in: query, required: true, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])$'}, description: "YYYY-MM, years 1900–2200"}
        - {name: office, in: query, required: false, schema: {type: string}, description: "Transaction office code (bank staff: only their own; default: the only office, else all)"}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ScoreList'}
        '400': {$ref: '#/components/responses/BadRequest'}
        '401': {$ref: '#/components/responses/Unauthorized'}
        '404': {$ref: '#/components/responses/NotFound'}
        '409': {$ref: '#/components/responses/Conflict'}
        '501': {$ref: '#/components/responses/NotAvailable'}
  /api/v1/openapi.yaml:
    get:
      operationId: get_openapi_yaml
      summary: "This document"
      tags: [operations]
      security: []
      responses:
        '200':
          description: OK
          content:
            application/yaml:
              schema: {description: "This document, in YAML: an object with openapi, info, paths and components"}
  /:
    get:
      operationId: get_home
      summary: "Home: My week for officers, the dashboard for bank staff"
      tags: [pages]
      responses:
        '303':
          description: Redirect
  /login:
    get:
      operationId: get_login
      summary: "Sign-in page"
      tags: [pages]
      security: []
      parameters:
        - {name: next, in: query, required: false, schema: {type: string}, description: "Local path to return to"}
        - {name: carry, in: query, required: false, schema: {type: string}, description: "Form fields carried through sign-in"}
        - {name: expired, in: query, required: false, schema: {type: string}, description: "1 when the session expired"}
      responses:
        '303': {$ref: '#/components/responses/SignIn'}
        '200':
          description: OK
          content:
            text/html:
              schema: {type: string}
    post:
      operationId: post_login
      summary: "Sign in (form: _csrf, username, password, next, carry)"
      tags: [pages]
      security: []
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, additionalProperties: {type: string}}
      responses:
        '400': {$ref: '#/components/responses/PageBadRequest'}
        '303':
          description: Redirect
        '401': {$ref: '#/components/responses/PageUnauthorized'}
        '403': {$ref: '#/components/responses/PageForbidden'}
        '429': {$ref: '#/components/responses/PageTooMany'}
  /logout:
    post:
      operationId: post_logout
      summary: "Sign out (form: _csrf)"
      tags: [pages]
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, additionalProperties: {type: string}}
      responses:
        '400': {$ref: '#/components/responses/PageBadRequest'}
        '303':
          description: Redirect
        '403': {$ref: '#/components/responses/PageForbidden'}
  /week:
    get:
      operationId: get_week
      summary: "My week: obligations due and late, meetings this week and next"
      tags: [pages]
      responses:
        '303': {$ref: '#/components/responses/SignIn'}
        '200':
          description: OK
          content:
            text/html:
              schema: {type: string}
  /obligations/{ref}/done:
    post:
      operationId: post_obligations_ref_done
      summary: "Mark an obligation done (form: _csrf, evidence)"
      tags: [pages]
      parameters:
        - {name: ref, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, additionalProperties: {type: string}}
      responses:
        '400': {$ref: '#/components/responses/PageBadRequest'}
        '303':
          description: Redirect
        '403': {$ref: '#/components/responses/PageForbidden'}
        '404': {$ref: '#/components/responses/PageNotFound'}
  /contracts:
    get:
      operationId: get_contracts
      summary: "Contracts list with filters"
      tags: [pages]
      parameters:
        - {name: state, in: query, required: false, schema: {type: string}, description: "Contract state"}
        - {name: association, in: query, required: false, schema: {type: string}, description: "Association code"}
        - {name: offset, in: query, required: false, schema: {type: integer, minimum: 0, maximum: 10000000}, description: "Rows to skip, 0–10,000,000 (default 0)"}
      responses:
        '303': {$ref: '#/components/responses/SignIn'}
        '200':
          description: OK
          content:
            text/html:
              schema: {type: string}
        '400': {$ref: '#/components/responses/PageBadRequest'}
  /contracts/{number}:
    get:
      operationId: get_contracts_number
      summary: "Contract detail"
      tags: [pages]
      parameters:
        - {name: number, in: path, required: true, schema: {type: string}}
      responses:
        '303': {$ref: '#/components/responses/SignIn'}
        '200':
          description: OK
          content:
            text/html:
              schema: {type: string}
        '404': {$ref: '#/components/responses/PageNotFound'}
  /contracts/{number}/decide:
    post:
      operationId: post_contracts_number_decide
      summary: "Approve or reject (form: _csrf, decision, note)"
      tags: [pages]
      parameters:
        - {name: number, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, additionalProperties: {type: string}}
      responses:
        '400': {$ref: '#/components/responses/PageBadRequest'}
        '303':
          description: Redirect
        '403': {$ref: '#/components/responses/PageForbidden'}
        '404': {$ref: '#/components/responses/PageNotFound'}
        '409': {$ref: '#/components/responses/PageConflict'}
  /groups:
    get:
      operationId: get_groups
      summary: "Groups list"
      tags: [pages]
      parameters:
        - {name: association, in: query, required: false, schema: {type: string}, description: "Association code"}
        - {name: offset, in: query, required: false, schema: {type: integer, minimum: 0, maximum: 10000000}, description: "Rows to skip, 0–10,000,000 (default 0)"}
      responses:
        '303': {$ref: '#/components/responses/SignIn'}
        '200':
          description: OK
          content:
            text/html:
              schema: {type: string}
  /groups/{code}:
    get:
      operationId: get_groups_code
      summary: "Group detail: board, members, meetings, monthly scores with points per criterion"
      tags: [pages]
      parameters:
        - {name: code, in: path, required: true, schema: {type: string}}
      responses:
        '303': {$ref: '#/components/responses/SignIn'}
        '200':
          description: OK
          content:
            text/html:
              schema: {type: string}
        '404': {$ref: '#/components/responses/PageNotFound'}
  /groups/{code}/calendar:
    post:
      operationId: post_groups_code_calendar
      summary: "Create a calendar subscription for a group (form: _csrf)"
      tags: [pages]
      parameters:
        - {name: code, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, additionalProperties: {type: string}}
      responses:
        '400': {$ref: '#/components/responses/PageBadRequest'}
        '303': {$ref: '#/components/responses/SignIn'}
        '200':
          description: OK
          content:
            text/html:
              schema: {type: string}
        '403': {$ref: '#/components/responses/PageForbidden'}
        '404': {$ref: '#/components/responses/PageNotFound'}
  /me/calendar:
    post:
      operationId: post_me_calendar
      summary: "Create a calendar subscription for my person (form: _csrf)"
      tags: [pages]
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, additionalProperties: {type: string}}
      responses:
        '400': {$ref: '#/components/responses/PageBadRequest'}
        '303': {$ref: '#/components/responses/SignIn'}
        '200':
          description: OK
          content:
            text/html:
              schema: {type: string}
        '400': {$ref: '#/components/responses/PageBadRequest'}
        '403': {$ref: '#/components/responses/PageForbidden'}
  /meetings:
    get:
      operationId: get_meetings
      summary: "Meetings calendar of a month"
      tags: [pages]
      parameters:
        - {name: month, in: query, required: false, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])$'}, description: "YYYY-MM, years 1900–2200"}
        - {name: group, in: query, required: false, schema: {type: string}, description: "Group code"}
      responses:
        '303': {$ref: '#/components/responses/SignIn'}
        '200':
          description: OK
          content:
            text/html:
              schema: {type: string}
        '400': {$ref: '#/components/responses/PageBadRequest'}
  /meetings/{ref}:
    get:
      operationId: get_meetings_ref
      summary: "One meeting with its attendance form"
      tags: [pages]
      parameters:
        - {name: ref, in: path, required: true, schema: {type: string}}
      responses:
        '303': {$ref: '#/components/responses/SignIn'}
        '200':
          description: OK
          content:
            text/html:
              schema: {type: string}
        '404': {$ref: '#/components/responses/PageNotFound'}
  /meetings/{ref}/attendance:
    post:
      operationId: post_meetings_ref_attendance
      summary: "Record attendance (form: _csrf, a.CODE=present|absent|excused)"
      tags: [pages]
      parameters:
        - {name: ref, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, additionalProperties: {type: string}}
      responses:
        '400': {$ref: '#/components/responses/PageBadRequest'}
        '303':
          description: Redirect
        '400': {$ref: '#/components/responses/PageBadRequest'}
        '403': {$ref: '#/components/responses/PageForbidden'}
        '404': {$ref: '#/components/responses/PageNotFound'}
  /fees:
    get:
      operationId: get_fees_page
      summary: "Printable fee statements of a month (bank staff: their office; officers: their association)"
      tags: [pages]
      parameters:
        - {name: month, in: query, required: false, schema: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])$'}, description: "YYYY-MM, years 1900–2200; the latest evaluated month when absent"}
      responses:
        '303': {$ref: '#/components/responses/SignIn'}
        '200':
          description: OK
          content:
            text/html:
              schema: {type: string}
  /dashboard:
    get:
      operationId: get_dashboard
      summary: "District dashboard with SVG charts (bank staff)"
      tags: [pages]
      responses:
        '303': {$ref: '#/components/responses/SignIn'}
        '200':
          description: OK
          content:
            text/html:
              schema: {type: string}
        '403': {$ref: '#/components/responses/PageForbidden'}
  /outbox:
    get:
      operationId: get_outbox
      summary: "Outbox page (admin)"
      tags: [pages]
      responses:
        '303': {$ref: '#/components/responses/SignIn'}
        '200':
          description: OK
          content:
            text/html:
              schema: {type: string}
        '403': {$ref: '#/components/responses/PageForbidden'}
  /outbox/{id}/retry:
    post:
      operationId: post_outbox_id_retry
      summary: "Retry a dead message (admin; form: _csrf)"
      tags: [pages]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, additionalProperties: {type: string}}
      responses:
        '400': {$ref: '#/components/responses/PageBadRequest'}
        '303':
          description: Redirect
        '403': {$ref: '#/components/responses/PageForbidden'}
        '404': {$ref: '#/components/responses/PageNotFound'}
        '409': {$ref: '#/components/responses/PageConflict'}
  /calendar/{file}:
    get:
      operationId: get_calendar_file
      summary: "ICS feed of a revocable calendar token ({token}.ics); no sign-in"
      tags: [pages]
      security: []
      parameters:
        - {name: file, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            text/calendar:
              schema: {type: string}
        '404': {$ref: '#/components/responses/NotFound'}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    session: {type: apiKey, in: cookie, name: entrust_session}
  responses:
    SignIn:
      description: "303: to the page itself, or to /login (with next=) when there is no session; API tokens do not open pages"
      headers:
        Location: {schema: {type: string}}
    PageBadRequest:
      description: "400: an HTML page that says what went wrong (pages answer people, not programs)"
      content:
        text/html:
          schema: {type: string}
    PageUnauthorized:
      description: "401: an HTML page that says what went wrong (pages answer people, not programs)"
      content:
        text/html:
          schema: {type: string}
    PageBadRequest:
      description: "400: an HTML page that names the field a form got wrong (a control character, text too long, a date out of range)"
      content:
        text/html:
          schema: {type: string}
    PageForbidden:
      description: "403: an HTML page that says what went wrong (pages answer people, not programs)"
      content:
        text/html:
          schema: {type: string}
    PageNotFound:
      description: "404: an HTML page that says what went wrong (pages answer people, not programs)"
      content:
        text/html:
          schema: {type: string}
    PageConflict:
      description: "409: an HTML page that says what went wrong (pages answer people, not programs)"
      content:
        text/html:
          schema: {type: string}
    PageTooMany:
      description: "429: an HTML page that says what went wrong (pages answer people, not programs)"
      content:
        text/html:
          schema: {type: string}
    BadRequest:
      description: "400: problem document"
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
    Unauthorized:
      description: "401: problem document"
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
    Forbidden:
      description: "403: problem document"
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
    NotFound:
      description: "404: problem document"
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
    Conflict:
      description: "409: problem document"
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
    TooMany:
      description: "429: problem document"
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
    NotAvailable:
      description: "501: problem document"
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
    Unavailable:
      description: "503: problem document"
      content:
        application/problem+json:
          schema: {$ref: '#/components/schemas/Problem'}
  schemas:
    Problem: {type: object, required: [type, title, status, detail], properties: {type: {type: string}, title: {type: string}, status: {type: integer}, detail: {type: string}, field: {type: [string, 'null']}}}
    Health: {type: object, properties: {status: {type: string}, database: {type: string}}}
    Account: {type: object, properties: {username: {type: string}, display_name: {type: string}, role: {type: string, enum: [admin, bank_staff, approver, association_officer, viewer]}, person: {type: [string, 'null']}, office: {type: [string, 'null']}, association: {type: [string, 'null']}, language: {type: string}}, additionalProperties: true}
    Contract: {type: object, properties: {number: {type: string}, kind: {type: string}, state: {type: string}, office: {type: string}, association: {type: [string, 'null']}, start_date: {type: string}, end_date: {type: string}, version: {type: integer}, pending_change: {type: [string, 'null']}}, additionalProperties: true}
    ContractDetail: {type: object, properties: {contract: {$ref: '#/components/schemas/Contract'}, versions: {type: array, items: {type: object, additionalProperties: true}}, changes: {type: array, items: {type: object, additionalProperties: true}}, obligations: {type: object, additionalProperties: {type: integer}}, nextDue: {type: array, items: {$ref: '#/components/schemas/Obligation'}}}}
    ContractDraft: {type: object, required: [template, office, association, start, end], properties: {template: {type: string, minLength: 1}, number: {type: string, minLength: 1}, office: {type: string, minLength: 1}, association: {type: string, minLength: 1}, point: {type: string, minLength: 1}, start: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', description: 'YYYY-MM-DD, years 1900–2200'}, end: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', description: 'YYYY-MM-DD, years 1900–2200'}, bank_signatory: {type: string}, association_signatory: {type: string}}}
    ContractAction: {type: object, properties: {reason: {type: string}, note: {type: string}, merged_into: {type: string}}}
    Amendment: {type: object, required: [reason], properties: {reason: {type: string, minLength: 1}, end: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', description: 'YYYY-MM-DD, years 1900–2200'}, point: {type: string}, bank_signatory: {type: string}, association_signatory: {type: string}}}
    Obligation: {type: object, properties: {ref: {type: string}, contract: {type: string}, code: {type: string}, title_vi: {type: string}, title_en: {type: string}, due_date: {type: string}, late_after: {type: string}, status: {type: string, enum: [open, late, done, waived]}, evidence: {type: [string, 'null']}}, additionalProperties: true}
    ObligationList: {type: array, items: {$ref: '#/components/schemas/Obligation'}}
    Completion: {type: object, required: [evidence], properties: {evidence: {type: string, minLength: 1}, 'on': {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', description: 'YYYY-MM-DD, years 1900–2200'}}}
    Waiver: {type: object, required: [reason], properties: {reason: {type: string, minLength: 1}}}
    Group: {type: object, properties: {code: {type: string}, name: {type: string}, commune: {type: string}, association: {type: string}, status: {type: string}, active_members: {type: integer}}, additionalProperties: true}
    MemberList: {type: array, items: {type: object, additionalProperties: true}}
    BoardList: {type: array, items: {type: object, additionalProperties: true}}
    Meeting: {type: object, properties: {ref: {type: string}, series: {type: string}, kind: {type: string}, title: {type: string}, start: {type: string}, end: {type: string}, status: {type: string}}, additionalProperties: true}
    MeetingSeries: {type: object, required: [kind, start], properties: {kind: {type: string}, title: {type: string}, group: {type: string, minLength: 1}, association: {type: string, minLength: 1}, location: {type: string}, start: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$', description: 'YYYY-MM-DDTHH:MM (Asia/Ho_Chi_Minh), years 1900–2200'}, duration_minutes: {type: integer, minimum: 1, maximum: 1440}, rrule: {type: string}, holiday_policy: {type: string}}}
    Scheduled: {type: object, properties: {series: {type: string}, occurrences: {type: integer}}}
    Move: {type: object, required: [start], properties: {start: {type: string, pattern: '^(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$', description: 'YYYY-MM-DDTHH:MM (Asia/Ho_Chi_Minh), years 1900–2200'}, reason: {type: string}}}
    Cancel: {type: object, properties: {reason: {type: string}}}
    Attendance: {type: object, required: [entries], properties: {entries: {type: array, items: {type: object, required: [code, status], properties: {code: {type: string}, status: {type: string, enum: [present, absent, excused]}}}}}}
    AttendanceList: {type: array, items: {type: object, properties: {code: {type: string}, name: {type: string}, status: {type: string}}}}
    Training: {type: object, properties: {code: {type: string}, association: {type: string}, topic: {type: string}, start: {type: string}, enrolled: {type: integer}}, additionalProperties: true}
    Enrolment: {type: object, required: [trainees], properties: {trainees: {type: array, minItems: 1, items: {type: string, minLength: 1}}}}
    OutboxMessage: {type: object, additionalProperties: true}
    OutboxList: {type: array, items: {$ref: '#/components/schemas/OutboxMessage'}}
    OutboxCounts: {type: object, properties: {counts: {type: object, additionalProperties: {type: integer}}}}
    EndpointList: {type: array, items: {type: object, additionalProperties: true}}
    Rows: {type: array, items: {type: object, additionalProperties: true}}
    Score: {type: object, required: [month, group, total, class, criteria, inputs], properties: {month: {type: string}, group: {type: string}, name: {type: string}, commune: {type: string}, association: {type: string}, total: {type: integer}, class: {type: string, enum: [good, fair, average, weak]}, scorecard_from: {type: string}, criteria: {type: object, additionalProperties: {type: object, properties: {points: {type: integer}, percent: {type: string}}}}, inputs: {type: object, additionalProperties: {type: integer}}, attendance_source: {type: string}, compared_month: {type: string}}}
    ScoreList: {type: array, items: {$ref: '#/components/schemas/Score'}}
    ScorePage: {type: object, required: [items, total, limit, offset], properties: {items: {type: array, items: {$ref: '#/components/schemas/Score'}}, total: {type: integer}, limit: {type: integer}, offset: {type: integer}}}
    FeeReport: {type: object, required: [month, statements, commissions, totalFee, totalCommission], properties: {month: {type: string}, scheduleFrom: {type: string}, averagedWith: {type: string}, statements: {type: array, items: {type: object, additionalProperties: true}}, commissions: {type: array, items: {type: object, additionalProperties: true}}, totalFee: {type: integer, description: "whole đồng"}, totalCommission: {type: integer}}}
    DistrictReport: {type: object, required: [month, scope, groups, byClass, outstanding, overdueRatio], additionalProperties: true, properties: {month: {type: string}, scope: {type: string}, groups: {type: integer}, byClass: {type: array, items: {type: object, properties: {groupClass: {type: string}, count: {type: integer}, percent: {type: string}}}}, outstanding: {type: integer, description: "whole đồng"}, overdueRatio: {type: string}}}
    AssociationReport: {type: object, required: [month, associations, rollUps], properties: {month: {type: string}, associations: {type: array, items: {type: object, additionalProperties: true}}, rollUps: {type: array, items: {type: object, additionalProperties: true}}}}
    ContractPage: {type: object, required: [items, total, limit, offset], properties: {items: {type: array, items: {$ref: '#/components/schemas/Contract'}}, total: {type: integer}, limit: {type: integer}, offset: {type: integer}}}
    ObligationPage: {type: object, required: [items, total, limit, offset], properties: {items: {type: array, items: {$ref: '#/components/schemas/Obligation'}}, total: {type: integer}, limit: {type: integer}, offset: {type: integer}}}
    GroupPage: {type: object, required: [items, total, limit, offset], properties: {items: {type: array, items: {$ref: '#/components/schemas/Group'}}, total: {type: integer}, limit: {type: integer}, offset: {type: integer}}}
    MeetingPage: {type: object, required: [items, total, limit, offset], properties: {items: {type: array, items: {$ref: '#/components/schemas/Meeting'}}, total: {type: integer}, limit: {type: integer}, offset: {type: integer}}}
    TrainingPage: {type: object, required: [items, total, limit, offset], properties: {items: {type: array, items: {$ref: '#/components/schemas/Training'}}, total: {type: integer}, limit: {type: integer}, offset: {type: integer}}}
"""#
}
