//! NPS surveys: "how likely are you to recommend us?" (0–10) addressed to a list of customers.
//! A survey holds its question and until when it is open; each customer addressed has one
//! answer row, made with the survey (the audience is fixed when it is sent), carrying the hash
//! of its link's token while one is out, and the answer once given.

use super::columns::{fk, id, index, timestamp};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261210_000027_nps_surveys"
    }
}

#[derive(DeriveIden)]
enum NpsSurveys {
    Table,
    Id,
    Name,
    Question,
    ClosesAt,
    Recipients,
    CreatedById,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NpsAnswers {
    Table,
    Id,
    SurveyId,
    CustomerId,
    TokenHash,
    ExpiresAt,
    Score,
    Comment,
    Channel,
    AnsweredAt,
    AnsweredById,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, SetNull};
        manager
            .create_table(
                Table::create()
                    .table(NpsSurveys::Table)
                    .col(id(NpsSurveys::Id))
                    .col(ColumnDef::new(NpsSurveys::Name).string_len(120).not_null())
                    .col(ColumnDef::new(NpsSurveys::Question).string_len(300).not_null())
                    .col(ColumnDef::new(NpsSurveys::ClosesAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(NpsSurveys::Recipients).integer().not_null())
                    .col(ColumnDef::new(NpsSurveys::CreatedById).uuid().null())
                    .col(timestamp(NpsSurveys::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_nps_surveys_creator",
                        (NpsSurveys::Table, NpsSurveys::CreatedById),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NpsAnswers::Table)
                    .col(id(NpsAnswers::Id))
                    .col(ColumnDef::new(NpsAnswers::SurveyId).uuid().not_null())
                    .col(ColumnDef::new(NpsAnswers::CustomerId).uuid().not_null())
                    // SHA-256 of the link's token (hex), while a link is out.
                    .col(ColumnDef::new(NpsAnswers::TokenHash).string_len(64).null().unique_key())
                    .col(ColumnDef::new(NpsAnswers::ExpiresAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(NpsAnswers::Score).integer().null())
                    .col(ColumnDef::new(NpsAnswers::Comment).string_len(2000).null())
                    .col(ColumnDef::new(NpsAnswers::Channel).string_len(16).null())
                    .col(ColumnDef::new(NpsAnswers::AnsweredAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(NpsAnswers::AnsweredById).uuid().null())
                    .foreign_key(&mut fk(
                        "fk_nps_answers_survey",
                        (NpsAnswers::Table, NpsAnswers::SurveyId),
                        (NpsSurveys::Table, NpsSurveys::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_nps_answers_customer",
                        (NpsAnswers::Table, NpsAnswers::CustomerId),
                        (Customers::Table, Customers::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_nps_answers_user",
                        (NpsAnswers::Table, NpsAnswers::AnsweredById),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // One answer per customer and survey; a survey's answers in customer order; a
        // customer's surveys (the portal's open ones).
        manager
            .create_index(
                Index::create()
                    .name("ux_nps_answers_survey_customer")
                    .table(NpsAnswers::Table)
                    .col(NpsAnswers::SurveyId)
                    .col(NpsAnswers::CustomerId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(manager, NpsAnswers::Table, "ix_nps_answers_customer", &[NpsAnswers::CustomerId.into_iden()]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(NpsAnswers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(NpsSurveys::Table).to_owned()).await
    }
}
