using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gongzhi.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseMetricsNumbersBoard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CheckInLate",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "WasCheckedIn",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "WasHandled",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "WasReworked",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "case_number_counters",
                columns: table => new
                {
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 14, nullable: false),
                    Last = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_number_counters", x => x.Prefix);
                });

            migrationBuilder.CreateTable(
                name: "case_stat_deltas",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Community = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    Closed = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenOverdue = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Handled = table.Column<int>(type: "INTEGER", nullable: false),
                    Reworked = table.Column<int>(type: "INTEGER", nullable: false),
                    CheckInDue = table.Column<int>(type: "INTEGER", nullable: false),
                    CheckInOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Rated = table.Column<int>(type: "INTEGER", nullable: false),
                    RatingSum = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_stat_deltas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "case_stats",
                columns: table => new
                {
                    Community = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    Closed = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenOverdue = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Handled = table.Column<int>(type: "INTEGER", nullable: false),
                    Reworked = table.Column<int>(type: "INTEGER", nullable: false),
                    CheckInDue = table.Column<int>(type: "INTEGER", nullable: false),
                    CheckInOnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    Rated = table.Column<int>(type: "INTEGER", nullable: false),
                    RatingSum = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_stats", x => new { x.Community, x.Department, x.Category, x.Month });
                });

            migrationBuilder.CreateIndex(
                name: "IX_cases_ClosedAt",
                table: "cases",
                column: "ClosedAt");

            migrationBuilder.CreateIndex(
                name: "IX_cases_State_AreaCode_Overdue_Warning",
                table: "cases",
                columns: new[] { "State", "AreaCode", "Overdue", "Warning" });

            migrationBuilder.CreateIndex(
                name: "IX_case_events_At",
                table: "case_events",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_case_stats_Month",
                table: "case_stats",
                column: "Month");

            // Cases reported before these flags existed take them from their timeline (the metric totals are then built
            // from the cases by CaseStatsFolder on first start).
            migrationBuilder.Sql("""
                UPDATE cases SET
                    "WasCheckedIn" = EXISTS (SELECT 1 FROM case_events e WHERE e."CaseId" = cases."Id" AND e."Action" = 'CheckIn'),
                    "WasHandled" = EXISTS (SELECT 1 FROM case_events e WHERE e."CaseId" = cases."Id" AND e."Action" = 'Handle'),
                    "WasReworked" = EXISTS (SELECT 1 FROM case_events e WHERE e."CaseId" = cases."Id" AND e."Action" = 'Rework'),
                    "CheckInLate" = EXISTS (SELECT 1 FROM case_events e WHERE e."CaseId" = cases."Id" AND e."Action" = 'Escalate' AND e."Note" LIKE 'CheckIn%')
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_number_counters");

            migrationBuilder.DropTable(
                name: "case_stat_deltas");

            migrationBuilder.DropTable(
                name: "case_stats");

            migrationBuilder.DropIndex(
                name: "IX_cases_ClosedAt",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_State_AreaCode_Overdue_Warning",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_case_events_At",
                table: "case_events");

            migrationBuilder.DropColumn(
                name: "CheckInLate",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "WasCheckedIn",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "WasHandled",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "WasReworked",
                table: "cases");
        }
    }
}
